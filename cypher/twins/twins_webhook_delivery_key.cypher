// name: twins_webhook_delivery_key
// returns: one
// params: none
// A change's delivery record: the one with the most attempts is kept.
// Run only when creating the webhook_delivery_key constraint failed on duplicates
// (Database.apply_schema): nodes MERGEd on their key while it was missing (a database
// replaced under running processes). One of each key is kept, the rest deleted.
MATCH (n:WebhookDelivery)
WITH n ORDER BY n.attempts IS NULL, n.attempts DESC, n.last_attempt_at IS NULL,
       n.last_attempt_at DESC
WITH n.key AS key, collect(n) AS copies
WHERE size(copies) > 1
UNWIND tail(copies) AS extra
DETACH DELETE extra
RETURN count(extra) AS removed
