// name: list_person_interactions
// returns: many
// params: person_id, kind, since, until, after_at, after_id, limit
// One person's interactions, newest first, keyset page on (occurred_at, id), with participants
// and the companies each is tied to.
MATCH (:Person {id: $person_id})-[:PARTICIPATED_IN]->(i:Interaction)
WHERE ($kind IS NULL OR i.kind = $kind)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND ($after_at IS NULL OR i.occurred_at < $after_at
       OR (i.occurred_at = $after_at AND i.id < $after_id))
WITH i
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT $limit
CALL (i) {
  MATCH (q:Person)-[:PARTICIPATED_IN]->(i)
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
ORDER BY i.occurred_at DESC, i.id DESC
