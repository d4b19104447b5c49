// name: list_webhooks
// returns: many
// params: after, limit
// A keyset page of webhooks in id order.
MATCH (w:Webhook)
WHERE w.id > coalesce($after, '')  // '' before every id: one ordered range over the id index
RETURN w {.id, .url, .events, .secret, .description, .created_at, .updated_at} AS webhook
ORDER BY w.id
LIMIT $limit
