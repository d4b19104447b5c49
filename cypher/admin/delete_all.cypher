// name: delete_all
// returns: one
// params: batch
// Wipes up to $batch nodes (and their edges); callers repeat until it deletes none.
// Test and benchmark set-up only. The graph version stays (and the wipe moves it on), so no
// cache can take the empty graph for an older one.
MATCH (n)
WHERE NOT n:GraphVersion
WITH n
LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
