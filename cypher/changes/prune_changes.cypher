// name: prune_changes
// returns: one
// params: before, limit
// Forgets up to $limit changes that occurred before $before (retention: docs/changes.md).
MATCH (c:Change)
WHERE c.occurred_at < $before
WITH c
LIMIT $limit
DELETE c
RETURN count(*) AS deleted
