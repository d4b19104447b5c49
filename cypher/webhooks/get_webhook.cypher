// name: get_webhook
// returns: one
// params: id
MATCH (w:Webhook {id: $id})
RETURN w {.id, .url, .events, .secret, .description, .created_at, .updated_at} AS webhook
