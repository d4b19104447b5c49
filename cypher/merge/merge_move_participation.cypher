// name: merge_move_participation
// returns: one
// params: survivor_ref, duplicate_ref
// The duplicate's interactions become the survivor's (once, when both took part).
MATCH (s) WHERE elementId(s) = $survivor_ref
MATCH (d) WHERE elementId(d) = $duplicate_ref
OPTIONAL MATCH (d)-[p:PARTICIPATED_IN]->(i:Interaction)
WITH s, p, i
CALL (s, p, i) {
  WITH s, i WHERE i IS NOT NULL AND NOT (s)-[:PARTICIPATED_IN]->(i)
  CREATE (s)-[:PARTICIPATED_IN]->(i)
}
DELETE p
RETURN count(i) AS moved
