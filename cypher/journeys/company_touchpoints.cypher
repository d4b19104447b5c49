// name: company_touchpoints
// returns: one
// params: company_id, start, end, limit
// Candidate touchpoints of one company, oldest first (capped): interactions within [start, end]
// (null: open) with someone who ever worked there (WORKS_AT) or tied to it (CONCERNS). The
// service keeps those whose person worked there at that moment (since/until) or that are tied,
// and reads the page it shows with journey_touchpoints. One row of parallel lists (a journey of
// a large account has tens of thousands; a row and a map each cost the driver several times
// more), datetimes and dates as text: ids, at (occurred_at), kinds, tied; staff: per
// interaction, its company-side participants as [id, since, until, current] of their
// WORKS_AT; team: per interaction, its is_team participants' ids.
MATCH (c:Company {id: $company_id})
CALL (c) {
  MATCH (c)<-[w:WORKS_AT]-(p:Person)-[:PARTICIPATED_IN]->(i:Interaction)
  WHERE ($start IS NULL OR i.occurred_at >= $start) AND ($end IS NULL OR i.occurred_at <= $end)
  RETURN i, [p.id, toString(w.since), toString(w.until), w.current] AS staff
  UNION ALL
  MATCH (c)<-[:CONCERNS]-(i:Interaction)
  WHERE ($start IS NULL OR i.occurred_at >= $start) AND ($end IS NULL OR i.occurred_at <= $end)
  RETURN i, null AS staff
}
WITH i, collect(staff) AS staff, count(staff) < count(*) AS tied
ORDER BY i.occurred_at, i.id
LIMIT $limit
CALL (i) {
  OPTIONAL MATCH (i)<-[:PARTICIPATED_IN]-(t:Person)
  WHERE t.is_team
  RETURN collect(t.id) AS team
}
RETURN collect(i.id) AS ids, collect(toString(i.occurred_at)) AS at, collect(i.kind) AS kinds,
  collect(tied) AS tied, collect(staff) AS staff, collect(team) AS team
