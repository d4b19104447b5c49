// name: take_signal_scan
// returns: one
// params: key, owner, lease_ms
// Takes the lease on a scan (app/changes/scanner.py) when it is due (next_at passed, or never
// run) and nobody holds it (or the holder's lease ran out), on Neo4j's clock. The node is
// write-locked before it is read, so of several processes trying at once one gets it.
MERGE (s:SignalScan {key: $key})
SET s._lock = true
REMOVE s._lock
WITH s
WHERE (s.next_at IS NULL OR s.next_at <= datetime())
  AND (s.lease_owner IS NULL OR s.lease_owner = $owner OR s.lease_until < datetime())
SET s.lease_owner = $owner, s.lease_until = datetime() + duration({milliseconds: $lease_ms}),
    s.started_at = datetime()
RETURN s.key AS key
