// name: await_indexes
// returns: many
// params: none
// Blocks until every index (constraint-backed and full-text) is online, at most 60 s.
CALL db.awaitIndexes(60)
