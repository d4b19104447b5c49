// name: delete_webhook
// returns: one
// params: id
MATCH (w:Webhook {id: $id})
WITH w, w.id AS id
DELETE w
RETURN id
