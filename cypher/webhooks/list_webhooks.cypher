// name: list_webhooks
// returns: many
// params: after, limit
// A keyset page of webhooks in id order.
MATCH (w:Webhook)
WHERE $after IS NULL OR w.id > $after
RETURN w {.id, .url, .events, .secret, .description, .created_at, .updated_at} AS webhook
ORDER BY w.id
LIMIT $limit
