// name: take_graph_signal_scan
// returns: one
// params: key, owner, lease_ms, gap_ms
// Takes the lease on the graph-signal scan (app/changes/graph_signals.py) when it is due: the
// graph moved on since the version the last scan read, or its decay re-check is due (next_at),
// and at least $gap_ms passed since the last one started; and nobody holds it (or the holder's
// lease ran out). On Neo4j's clock, the node write-locked before it is read, so of several
// processes trying at once one gets it. Returns the graph version the scan reads at.
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
WITH coalesce(v.version, 0) AS version
MERGE (s:SignalScan {key: $key})
SET s._lock = true
REMOVE s._lock
WITH s, version
WHERE (s.version IS NULL OR s.version <> version OR s.next_at <= datetime())
  AND (s.started_at IS NULL OR s.started_at + duration({milliseconds: $gap_ms}) <= datetime())
  AND (s.lease_owner IS NULL OR s.lease_owner = $owner OR s.lease_until < datetime())
SET s.lease_owner = $owner, s.lease_until = datetime() + duration({milliseconds: $lease_ms}),
    s.started_at = datetime(), s.reading = version
RETURN s.key AS key, version
