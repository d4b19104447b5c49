// name: delete_all
// returns: write
// params: none
// Wipes the database (test set-up only; small graphs).
MATCH (n)
DETACH DELETE n
