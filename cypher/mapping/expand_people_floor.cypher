// name: expand_people_floor
// returns: one
// params: fronts, types, limit
// expand_people with a strength floor per frontier person ($fronts: [{id, floor}]): the last
// step of a search that already holds k paths of cost C, where an edge weaker than the floor
// cannot be on a better one (app/mapping/service.py). r.strength bounds the current strength
// from above, so the filter keeps every edge that can still be strong enough. Rows as in
// expand_people.
UNWIND $fronts AS f
MATCH (p:Person {id: f.id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE type(r) IN $types AND r.strength >= f.floor
WITH f.id AS id, p, r, q
LIMIT $limit
RETURN collect([r.id, type(r), id, q.id, startNode(r) = p, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
