// name: stakeholder_ties
// returns: many
// params: company_id, competitor_ids, our_ids
// Current (non-team) employees of an account (with their current WORKS_AT there: of several,
// the smallest id) with their ties to competitors' current people
// (or a competitor company directly) and to our team (or our company directly). Each kind of
// tie is read from its far side (the team, the competitors' people, the companies) and kept
// when it reaches the staff: reading every staff member's edges instead took 85,000 edges and
// 110,000 db hits for the largest account at M.
MATCH (:Company {id: $company_id})<-[w:WORKS_AT]-(s:Person)
WHERE coalesce(w.current, true) AND NOT coalesce(s.is_team, false)
WITH collect(DISTINCT s) AS people
CALL (people) {
  MATCH (c:Company)<-[qw:WORKS_AT]-(q:Person)-[r:KNOWS|REPORTS_TO|INFLUENCES]-(s:Person)
  WHERE c.id IN $competitor_ids AND coalesce(qw.current, true) AND NOT coalesce(q.is_team, false)
    AND s IN people
  RETURN s, 'competitor' AS side, r, q, c
  UNION
  MATCH (q:Person {is_team: true})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(s:Person)
  WHERE s IN people
  RETURN s, 'us' AS side, r, q, null AS c
  UNION
  MATCH (c:Company)<-[r:ADVISES|INVESTED_IN]-(s:Person)
  WHERE (c.id IN $competitor_ids OR c.id IN $our_ids) AND s IN people
  RETURN s, CASE WHEN c.id IN $our_ids THEN 'us' ELSE 'competitor' END AS side, r, null AS q, c
}
CALL (s) {
  MATCH (s)-[w:WORKS_AT]->(:Company {id: $company_id})
  WHERE coalesce(w.current, true)
  RETURN w
  ORDER BY w.id
  LIMIT 1
}
RETURN s {.id, .name, .title} AS person, w.role AS role, w.title AS title, side,
  r {.id, .strength_base, .mass, .mass_at, type: type(r), source_id: startNode(r).id, target_id: endNode(r).id} AS edge,
  q {.id, .name} AS via, c {.id, .name, .industry} AS company
