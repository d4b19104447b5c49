// name: person_cards
// returns: many
// params: ids
// The person card of each given person (unknown ids are absent): name, title, is_team, the
// current employer (a WORKS_AT without `until` and not marked ended; of several, the latest
// `since`, then the company name) and the role on that WORKS_AT. Also their tags and every
// current employer with its industry (`companies`: the analytics rows' fields).
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL CALL (p) {
  MATCH (p)-[w:WORKS_AT]->(c:Company)
  WHERE w.until IS NULL AND coalesce(w.current, true)
  RETURN c, w
  ORDER BY w.since IS NULL, w.since DESC, c.name, c.id
  LIMIT 1
}
RETURN p.id AS id, p.name AS name, p.title AS title, coalesce(p.is_team, false) AS is_team,
  CASE WHEN c IS NULL THEN null ELSE c {.id, .name} END AS company, w.role AS role,
  coalesce(p.tags, []) AS tags,
  COLLECT { MATCH (p)-[cw:WORKS_AT]->(cc:Company) WHERE coalesce(cw.current, true) RETURN DISTINCT cc {.id, .name, .industry} } AS companies
