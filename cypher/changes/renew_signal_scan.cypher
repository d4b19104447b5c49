// name: renew_signal_scan
// returns: one
// params: key, owner, lease_ms
// Renews a held scan lease (nothing when it is someone else's now: the scan stops).
MATCH (s:SignalScan {key: $key})
SET s._lock = true
REMOVE s._lock
WITH s
WHERE s.lease_owner = $owner
SET s.lease_until = datetime() + duration({milliseconds: $lease_ms})
RETURN s.key AS key
