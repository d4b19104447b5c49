// name: 54_webhook_delivery_webhook
// returns: schema
// params: none
// A webhook's delivery log is read and deleted by webhook (list_webhook_deliveries,
// delete_webhook_deliveries): an index seek instead of a scan of every delivery of every hook.
CREATE INDEX webhook_delivery_webhook IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.webhook_id)
