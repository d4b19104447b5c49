// name: update_interaction
// returns: one
// params: id, props, participant_ids, company_ids
// A correction: props set on the interaction (a null removes one), its participants become
// exactly participant_ids and its companies exactly company_ids (edges to others removed,
// missing ones made). The strengths of its pairs are recomputed by the caller afterwards.
MATCH (i:Interaction {id: $id})
SET i += $props
WITH i
CALL (i) {
  MATCH (p:Person)-[r:PARTICIPATED_IN]->(i)
  WHERE NOT p.id IN $participant_ids
  DELETE r
}
CALL (i) {
  UNWIND $participant_ids AS pid
  MATCH (p:Person {id: pid})
  MERGE (p)-[:PARTICIPATED_IN]->(i)
}
CALL (i) {
  MATCH (i)-[r:CONCERNS]->(c:Company)
  WHERE NOT c.id IN $company_ids
  DELETE r
}
CALL (i) {
  UNWIND $company_ids AS cid
  MATCH (c:Company {id: cid})
  MERGE (i)-[:CONCERNS]->(c)
}
RETURN i.id AS id
