// name: merge_lock_people
// returns: one
// params: survivor_id, duplicate_id
// Write-locks both people for the merge and returns every property of each.
MATCH (s:Person {id: $survivor_id})
MATCH (d:Person {id: $duplicate_id})
SET s._lock = true, d._lock = true
RETURN elementId(s) AS survivor_ref, properties(s) AS survivor,
       elementId(d) AS duplicate_ref, properties(d) AS duplicate
