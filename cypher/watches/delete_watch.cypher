// name: delete_watch
// returns: one
// params: id
MATCH (w:Watch {id: $id})
WITH w, w.id AS id
DELETE w
RETURN id
