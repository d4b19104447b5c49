// name: expand_people_into
// returns: one
// params: ids, among, types, min_strength, limit
// The last step of a bidirectional search: only the edges from the frontier into the other
// side's ball can lie on a path that fits the hop bound. Rows as in expand_people.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE q.id IN $among AND type(r) IN $types AND r.strength >= $min_strength
WITH id, p, r, q
LIMIT $limit
RETURN collect([r.id, type(r), id, q.id, startNode(r) = p, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
