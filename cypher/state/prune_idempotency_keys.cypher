// name: prune_idempotency_keys
// returns: one
// params: now, limit
// Forget expired keys (at most $limit at a time).
MATCH (k:IdempotencyKey)
WHERE k.expires_at < $now
WITH k
LIMIT $limit
DELETE k
RETURN count(*) AS pruned
