// name: stakeholder_ties
// returns: many
// params: company_id, competitor_ids, our_ids
// Current (non-team) employees of an account with their ties to competitors' current people
// (or a competitor company directly) and to our team (or our company directly).
MATCH (:Company {id: $company_id})<-[w:WORKS_AT]-(s:Person)
WHERE coalesce(w.current, true) AND NOT coalesce(s.is_team, false)
WITH s, head(collect(w)) AS w
CALL (s) {
  MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)-[qw:WORKS_AT]->(c:Company)
  WHERE coalesce(qw.current, true) AND c.id IN $competitor_ids AND NOT coalesce(q.is_team, false)
  RETURN 'competitor' AS side, r, q, c
  UNION
  MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person {is_team: true})
  RETURN 'us' AS side, r, q, null AS c
  UNION
  MATCH (s)-[r:ADVISES|INVESTED_IN]->(c:Company)
  WHERE c.id IN $competitor_ids OR c.id IN $our_ids
  RETURN CASE WHEN c.id IN $our_ids THEN 'us' ELSE 'competitor' END AS side, r, null AS q, c
}
RETURN s {.id, .name, .title} AS person, w.role AS role, w.title AS title, side,
  r {.id, .strength_base, .mass, .mass_at, type: type(r), source_id: startNode(r).id, target_id: endNode(r).id} AS edge,
  q {.id, .name} AS via, c {.id, .name, .industry} AS company
