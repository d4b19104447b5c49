// name: list_account_people
// returns: one
// params: company_id, limit
// Current employees (WORKS_AT with current not false) of one company, with their WORKS_AT edge,
// in one record holding the list (a record per employee streams four times slower).
MATCH (c:Company {id: $company_id})<-[r:WORKS_AT]-(p:Person)
WHERE coalesce(r.current, true)
WITH p, r, p AS s, c AS t
ORDER BY p.id, r.id
LIMIT $limit
RETURN collect({
  person: p {.id, .name, .title, .is_team},
  edge: r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, type: type(r), source_id: s.id, target_id: t.id},
  title: r.title, role: r.role, department: r.department
}) AS rows
