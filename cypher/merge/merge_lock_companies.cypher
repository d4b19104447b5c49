// name: merge_lock_companies
// returns: one
// params: survivor_id, duplicate_id
// Write-locks both nodes, in id order (two merges of the same pair cannot deadlock). What
// they hold is read after this, by merge_read_companies: a node deleted by a merge that held the
// lock first is then gone.
MATCH (n:Company)
WHERE n.id IN [$survivor_id, $duplicate_id]
WITH n
ORDER BY n.id
SET n._lock = true
RETURN count(n) AS locked
