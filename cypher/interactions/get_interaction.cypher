// name: get_interaction
// returns: one
// params: id
// One interaction with its participants (by name, then id) and the companies it is tied to.
MATCH (i:Interaction {id: $id})
CALL (i) {
  OPTIONAL MATCH (q:Person)-[:PARTICIPATED_IN]->(i)
  WITH q ORDER BY q.name, q.id
  RETURN collect(q {.id, .name}) AS participants
}
CALL (i) {
  OPTIONAL MATCH (i)-[:CONCERNS]->(c:Company)
  WITH c ORDER BY c.id
  RETURN collect(c.id) AS company_ids
}
RETURN {{interaction_fields i=i}} AS interaction,
       participants, company_ids
