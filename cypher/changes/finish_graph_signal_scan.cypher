// name: finish_graph_signal_scan
// returns: one
// params: key, owner, every_ms, done, checked, signals
// Ends a graph-signal scan held by $owner. When it went through ($done), the version it read
// is the one seen (a write since moves the version on: the next scan is due) and the decay
// re-check is next due $every_ms after it started; a scan cut short (shutdown) is due again at
// once, for any process, without the gap. The lease is given up.
MATCH (s:SignalScan {key: $key})
SET s._lock = true
REMOVE s._lock
WITH s
WHERE s.lease_owner = $owner
SET s.version = CASE WHEN $done THEN s.reading ELSE s.version END,
    s.next_at = CASE WHEN $done THEN s.started_at + duration({milliseconds: $every_ms})
                     ELSE s.next_at END,
    s.started_at = CASE WHEN $done THEN s.started_at ELSE null END,
    s.finished_at = datetime(), s.last_checked = $checked, s.last_signals = $signals,
    s.lease_owner = null, s.lease_until = null
RETURN s.key AS key, s.version AS version
