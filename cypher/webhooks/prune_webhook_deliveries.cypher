// name: prune_webhook_deliveries
// returns: one
// params: before, limit
// Forgets up to $limit delivery records finished (delivered or given up) before $before.
MATCH (d:WebhookDelivery)
WHERE d.done_at < $before
WITH d
LIMIT $limit
DELETE d
RETURN count(*) AS deleted
