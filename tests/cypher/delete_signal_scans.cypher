// name: delete_signal_scans
// returns: write
// params: none
// tests/db/test_schema_start.py: no scan has run yet.
MATCH (s:SignalScan)
DETACH DELETE s
