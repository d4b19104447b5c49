// name: finish_signal_scan
// returns: one
// params: key, owner, every_ms, edges, crossings
// Ends a scan held by $owner: the next one is due $every_ms after this one started; the lease
// is given up.
MATCH (s:SignalScan {key: $key})
SET s._lock = true
REMOVE s._lock
WITH s
WHERE s.lease_owner = $owner
SET s.next_at = s.started_at + duration({milliseconds: $every_ms}),
    s.finished_at = datetime(), s.last_edges = $edges, s.last_crossings = $crossings,
    s.lease_owner = null, s.lease_until = null
RETURN s.key AS key, s.next_at AS next_at
