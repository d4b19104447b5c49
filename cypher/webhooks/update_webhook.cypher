// name: update_webhook
// returns: one
// params: id, props
MATCH (w:Webhook {id: $id})
SET w += $props
RETURN w {.id, .url, .events, .secret, .description, .created_at, .updated_at} AS webhook
