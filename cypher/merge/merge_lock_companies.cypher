// name: merge_lock_companies
// returns: one
// params: survivor_id, duplicate_id
// Write-locks both companies for the merge and returns every property of each.
MATCH (s:Company {id: $survivor_id})
MATCH (d:Company {id: $duplicate_id})
SET s._lock = true, d._lock = true
RETURN elementId(s) AS survivor_ref, properties(s) AS survivor,
       elementId(d) AS duplicate_ref, properties(d) AS duplicate
