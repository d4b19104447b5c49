// name: list_company_ends
// returns: one
// params: company_id, limit
// Where intro paths to a company may end: its current people (WORKS_AT with current not false),
// at most $limit, in one record holding a list per person: [role, then the WORKS_AT edge as
// shortest_paths.cypher lists its edges: id, type, source id, target id, strength_base,
// strength_source, strength, mass, mass_at, last_interaction_at, interaction_count]. Lists,
// not maps, and no person's fields: the largest company at M (4,704 people) came in 31 ms
// against list_account_people's 77 ms (bench/notes.md, the thirty-second session).
MATCH (c:Company {id: $company_id})<-[r:WORKS_AT]-(p:Person)
WHERE coalesce(r.current, true)
WITH p, r, c
LIMIT $limit
RETURN collect([
  r.role, r.id, type(r), p.id, c.id, r.strength_base, r.strength_source, r.strength, r.mass,
  r.mass_at, toString(r.last_interaction_at), r.interaction_count
]) AS rows
