// name: twins_signal_scan_key
// returns: one
// params: none
// A scan's lease marker: the one started last is kept (a holder of another finds its lease gone).
// Run only when creating the signal_scan_key constraint failed on duplicates
// (Database.apply_schema): nodes MERGEd on their key while it was missing (a database
// replaced under running processes). One of each key is kept, the rest deleted.
MATCH (n:SignalScan)
WITH n ORDER BY n.started_at IS NULL, n.started_at DESC
WITH n.key AS key, collect(n) AS copies
WHERE size(copies) > 1
UNWIND tail(copies) AS extra
DETACH DELETE extra
RETURN count(extra) AS removed
