// name: expand_people_floor_into
// returns: one
// params: fronts, among, types, limit
// expand_people_floor and expand_people_into at once: the last step of a search that holds its
// best paths so far, from a frontier with a strength floor per person ($fronts: [{id, floor}]),
// keeping only the edges into the other side's ball ($among), the only ones that can lie on a
// path within the hop bound. Rows as in expand_people.
UNWIND $fronts AS f
MATCH (p:Person {id: f.id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE type(r) IN $types AND r.strength >= f.floor AND q.id IN $among
WITH f.id AS id, p, r, q
LIMIT $limit
RETURN collect([r.id, type(r), id, q.id, startNode(r) = p, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
