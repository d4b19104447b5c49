// name: 54_webhook_delivery_order
// returns: schema
// params: none
CREATE INDEX webhook_delivery_order IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.webhook_id, d.seq, d.idx)
