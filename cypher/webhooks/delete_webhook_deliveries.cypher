// name: delete_webhook_deliveries
// returns: one
// params: webhook_id, limit
// Forgets up to $limit delivery records of a (deleted) webhook; callers repeat until none.
MATCH (d:WebhookDelivery {webhook_id: $webhook_id})
WITH d
LIMIT $limit
DELETE d
RETURN count(*) AS deleted
