// name: expand_people_into
// returns: one
// params: ids, among, types, min_strength, limit
// The last step of a bidirectional search: only the edges from the frontier into the other
// side's ball can lie on a path that fits the hop bound.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE q.id IN $among AND type(r) IN $types AND r.strength >= $min_strength
WITH r, startNode(r) AS s, endNode(r) AS t
LIMIT $limit
RETURN collect(r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, .last_interaction_at, .interaction_count, type: type(r), source_id: s.id, target_id: t.id}) AS edges
