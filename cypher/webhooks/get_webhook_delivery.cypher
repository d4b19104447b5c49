// name: get_webhook_delivery
// returns: one
// params: key
MATCH (d:WebhookDelivery {key: $key})
RETURN d {.attempts, .first_attempt_at, .next_attempt_at, .status} AS delivery
