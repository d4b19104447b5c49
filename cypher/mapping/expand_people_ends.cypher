// name: expand_people_ends
// returns: one
// params: fronts, types, limit
// The first pass of a wide last step (app/mapping/intros.py): expand_people_floor's edges
// with their far end and stored strength only, as one list of [index in $fronts, other id,
// strength], so the caller can drop the edges that cannot be on a path before it reads the
// rest of the few it keeps (expand_pairs). r.strength bounds the current strength from above.
UNWIND range(0, size($fronts) - 1) AS i
WITH i, $fronts[i] AS f
MATCH (p:Person {id: f.id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE type(r) IN $types AND r.strength >= f.floor
WITH i, r, q
LIMIT $limit
RETURN collect([i, q.id, r.strength]) AS edges
