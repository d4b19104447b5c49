// name: merge_read_companies
// returns: one
// params: survivor_id, duplicate_id
// Both nodes as they are once locked: every property of each.
MATCH (s:Company {id: $survivor_id})
MATCH (d:Company {id: $duplicate_id})
RETURN elementId(s) AS survivor_ref, properties(s) AS survivor,
       elementId(d) AS duplicate_ref, properties(d) AS duplicate
