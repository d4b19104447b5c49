// name: webhook_streams
// returns: many
// params: none
// Every webhook's stream lease: who holds it and whether it has run out (Neo4j's clock).
MATCH (w:Webhook)
RETURN w.id AS id, w.lease_owner AS owner,
       w.lease_until IS NULL OR w.lease_until < datetime() AS free
ORDER BY w.id
