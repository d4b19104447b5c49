// name: person_cards
// returns: one
// params: ids, full
// The person card of each given person (unknown ids are absent), as one list (`cards`; a record
// per person streams several times slower): name, title, is_team, the current employer (a
// WORKS_AT without `until` and not marked ended; of several, the latest `since`, then the
// company name) and the role on that WORKS_AT. With $full, also their tags and every current
// employer with its industry (`companies`: the analytics rows' fields); without, both are null
// and not computed (CASE evaluates its chosen branch only).
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL CALL (p) {
  MATCH (p)-[w:WORKS_AT]->(c:Company)
  WHERE w.until IS NULL AND coalesce(w.current, true)
  RETURN c, w
  ORDER BY w.since IS NULL, w.since DESC, c.name, c.id
  LIMIT 1
}
RETURN collect({
  id: p.id, name: p.name, title: p.title, is_team: coalesce(p.is_team, false),
  company: CASE WHEN c IS NULL THEN null ELSE c {.id, .name} END, role: w.role,
  tags: CASE WHEN $full THEN coalesce(p.tags, []) END,
  companies: CASE WHEN $full THEN COLLECT { MATCH (p)-[cw:WORKS_AT]->(cc:Company) WHERE coalesce(cw.current, true) RETURN DISTINCT cc {.id, .name, .industry} } END
}) AS cards
