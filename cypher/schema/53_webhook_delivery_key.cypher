// name: 53_webhook_delivery_key
// returns: schema
// params: none
// One delivery record per webhook and change: key = webhook id + ':' + change id.
CREATE CONSTRAINT webhook_delivery_key IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.key IS UNIQUE
