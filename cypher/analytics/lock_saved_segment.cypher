// name: lock_saved_segment
// returns: one
// params: id
// Write-locks the saved segment until the transaction ends (a conditional write checks its tag after
// this, so no other write can land between the check and its own); no property changes.
MATCH (s:SavedSegment {id: $id})
SET s._lock = true
REMOVE s._lock
RETURN s.id AS id
