// name: list_indexes
// returns: many
// params: none
// tests/db/test_schema_start.py: the indexes relmap made itself (not those that come with a
// constraint, nor Neo4j's own token lookups).
SHOW INDEXES YIELD name, type, owningConstraint
WHERE type <> 'LOOKUP' AND owningConstraint IS NULL
RETURN name
