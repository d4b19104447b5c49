// name: lock_people
// returns: many
// params: ids
// Write-locks these people, in id order (writers on overlapping people queue up instead of
// deadlocking), before an interaction is logged between them: a merge that folds one of them
// away then either finished first (the person is gone here) or waits until the interaction
// has landed (and moves it). Returns the ids that still exist once the lock is held.
UNWIND $ids AS id
MATCH (p:Person {id: id})
WITH p
ORDER BY p.id
SET p._lock = true
REMOVE p._lock
WITH p WHERE p.id IS NOT NULL  // a person deleted while this one waited reads as empty
RETURN p.id AS id
