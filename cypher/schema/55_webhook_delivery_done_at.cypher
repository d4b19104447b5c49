// name: 55_webhook_delivery_done_at
// returns: schema
// params: none
CREATE INDEX webhook_delivery_done_at IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.done_at)
