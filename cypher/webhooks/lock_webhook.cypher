// name: lock_webhook
// returns: one
// params: id
// Write-locks the webhook until the transaction ends; no property changes.
MATCH (w:Webhook {id: $id})
SET w._lock = true
REMOVE w._lock
RETURN w.id AS id
