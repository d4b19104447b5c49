// name: lock_person
// returns: one
// params: id
// Write-locks the person until the transaction ends (a conditional write checks its tag after
// this, so no other write can land between the check and its own); no property changes.
MATCH (p:Person {id: $id})
SET p._lock = true
REMOVE p._lock
RETURN p.id AS id
