// name: expand_people
// returns: one
// params: ids, types, min_strength, limit
// The person-to-person edges touching a frontier of people, either direction. r.strength is an
// upper bound of the current strength, so it is a safe pre-filter; the caller computes the rest.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(:Person)
WHERE type(r) IN $types AND r.strength >= $min_strength
WITH r, startNode(r) AS s, endNode(r) AS t
LIMIT $limit
RETURN collect(r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, .last_interaction_at, .interaction_count, type: type(r), source_id: s.id, target_id: t.id}) AS edges
