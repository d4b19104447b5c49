// name: wipe_graph
// returns: write
// params: none
// Auto-commit only (CALL IN TRANSACTIONS): empties the bench database in batches.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
