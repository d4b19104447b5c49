// name: count_signal_scans
// returns: many
// params: none
// tests/db/test_schema_start.py: the scans' lease markers, which must be one per scan.
MATCH (s:SignalScan)
RETURN s.key AS key, count(*) AS copies
