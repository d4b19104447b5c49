// name: expand_people
// returns: one
// params: ids, types, min_strength, limit
// The person-to-person edges touching a frontier of people, either direction, as one list of
// [id, type, frontier id, other id, frontier is start, strength_base, mass, mass_at,
// last_interaction_at] (lists stream faster than maps). r.strength is an upper bound of the
// current strength, so it is a safe pre-filter; the caller computes the exact value.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE type(r) IN $types AND r.strength >= $min_strength
WITH id, p, r, q
LIMIT $limit
RETURN collect([r.id, type(r), id, q.id, startNode(r) = p, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
