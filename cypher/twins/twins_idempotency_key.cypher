// name: twins_idempotency_key
// returns: one
// params: none
// An Idempotency-Key: a finished one (its answer replays) before a pending one.
// Run only when creating the idempotency_key constraint failed on duplicates
// (Database.apply_schema): nodes MERGEd on their key while it was missing (a database
// replaced under running processes). One of each key is kept, the rest deleted.
MATCH (n:IdempotencyKey)
WITH n ORDER BY coalesce(n.state = 'done', false) DESC, n.created_at IS NULL, n.created_at DESC
WITH n.key AS key, collect(n) AS copies
WHERE size(copies) > 1
UNWIND tail(copies) AS extra
DETACH DELETE extra
RETURN count(extra) AS removed
