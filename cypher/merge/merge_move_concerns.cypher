// name: merge_move_concerns
// returns: one
// params: survivor_ref, duplicate_ref
// The interactions tied to the duplicate company (company_ids: CONCERNS edges) become tied to
// the survivor (once, when they were tied to both).
MATCH (s) WHERE elementId(s) = $survivor_ref
MATCH (d) WHERE elementId(d) = $duplicate_ref
OPTIONAL MATCH (i:Interaction)-[c:CONCERNS]->(d)
WITH s, c, i
CALL (s, c, i) {
  WITH s, i WHERE i IS NOT NULL AND NOT (i)-[:CONCERNS]->(s)
  CREATE (i)-[:CONCERNS]->(s)
}
DELETE c
RETURN count(i) AS moved
