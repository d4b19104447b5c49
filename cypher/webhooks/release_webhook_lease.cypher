// name: release_webhook_lease
// returns: one
// params: id, owner
// Gives a stream's lease up (a process shutting down), so another takes over at once.
MATCH (w:Webhook {id: $id})
SET w._lock = true
REMOVE w._lock
WITH w
WHERE w.lease_owner = $owner
SET w.lease_owner = null, w.lease_until = null
RETURN w.id AS id
