// name: take_webhook_lease
// returns: one
// params: id, owner, lease_ms
// Takes or renews the lease on a webhook's delivery stream: only when nobody holds it, it
// ran out, or $owner holds it already. The node is write-locked before the lease is read, so
// of two processes trying at once one gets it. Returns the webhook and its feed position.
MATCH (w:Webhook {id: $id})
SET w._lock = true
REMOVE w._lock
WITH w
WHERE w.lease_owner IS NULL OR w.lease_owner = $owner OR w.lease_until < datetime()
SET w.lease_owner = $owner, w.lease_until = datetime() + duration({milliseconds: $lease_ms})
RETURN w {.id, .url, .events, .secret, .pos_seq, .pos_idx} AS webhook
