// name: company_touchpoints
// returns: many
// params: company_id, start, end, limit
// Candidate touchpoints of one company, oldest first (capped): interactions within [start, end]
// (null: open) with someone who ever worked there (WORKS_AT) or tied to it (CONCERNS). The
// service keeps those whose person worked there at that moment (since/until) or that are tied.
// staff: the company-side participants with their WORKS_AT dates; team: is_team participants.
MATCH (c:Company {id: $company_id})
CALL (c) {
  MATCH (c)<-[:WORKS_AT]-(:Person)-[:PARTICIPATED_IN]->(i:Interaction)
  RETURN i
  UNION
  MATCH (c)<-[:CONCERNS]-(i:Interaction)
  RETURN i
}
WITH c, i
WHERE ($start IS NULL OR i.occurred_at >= $start) AND ($end IS NULL OR i.occurred_at <= $end)
ORDER BY i.occurred_at, i.id
LIMIT $limit
CALL (c, i) {
  OPTIONAL MATCH (c)<-[w:WORKS_AT]-(p:Person)-[:PARTICIPATED_IN]->(i)
  WITH collect(CASE WHEN p IS NULL THEN null
    ELSE {id: p.id, since: w.since, until: w.until, current: w.current} END) AS staff
  OPTIONAL MATCH (q:Person)-[:PARTICIPATED_IN]->(i)
  WITH staff, q ORDER BY q.id
  RETURN staff, collect(q.id) AS participants,
    collect(CASE WHEN q.is_team THEN q.id ELSE null END) AS team
}
RETURN i {.id, .kind, .occurred_at, .summary, .sentiment} AS interaction,
  EXISTS { (i)-[:CONCERNS]->(c) } AS tied, staff, participants, team
ORDER BY i.occurred_at, i.id
