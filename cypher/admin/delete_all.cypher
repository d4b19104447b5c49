// name: delete_all
// returns: one
// params: batch
// Wipes up to $batch nodes (and their edges); callers repeat until it deletes none.
// Test and benchmark set-up only.
MATCH (n)
WITH n
LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
