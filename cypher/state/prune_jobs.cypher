// name: prune_jobs
// returns: one
// params: before, limit
// Forget jobs created before $before (at most $limit at a time).
MATCH (j:Job)
WHERE j.created_at < $before
WITH j
LIMIT $limit
DELETE j
RETURN count(*) AS pruned
