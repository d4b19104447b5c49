// name: expand_pairs
// returns: one
// params: pairs, types, min_strength
// The edges between given pairs of people ($pairs: [[frontier id, other id]]), either
// direction: the second pass of a wide last step (expand_people_ends). Rows as in
// expand_people.
UNWIND $pairs AS pair
MATCH (p:Person {id: pair[0]})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person {id: pair[1]})
WHERE type(r) IN $types AND r.strength >= $min_strength
RETURN collect([r.id, type(r), pair[0], pair[1], startNode(r) = p, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
