// name: delete_knows
// returns: write
// params: none
// Auto-commit only (CALL IN TRANSACTIONS): every KNOWS edge deleted, between the sides of
// bench/online_import.py.
MATCH ()-[r:KNOWS]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
