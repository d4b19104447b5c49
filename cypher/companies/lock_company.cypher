// name: lock_company
// returns: one
// params: id
// Write-locks the company until the transaction ends (a conditional write checks its tag after
// this, so no other write can land between the check and its own); no property changes.
MATCH (c:Company {id: $id})
SET c._lock = true
REMOVE c._lock
RETURN c.id AS id
