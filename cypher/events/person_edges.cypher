// name: person_edges
// returns: many
// params: ids, min_strength, limit
// Person-to-person edges touching the given people (one step of a bounded expansion).
// r.strength is an upper bound of the current strength: a safe pre-filter.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE r.strength >= $min_strength
RETURN DISTINCT r.id AS id, type(r) AS type, startNode(r).id AS source_id, endNode(r).id AS target_id,
  r.strength_base AS strength_base, r.mass AS mass, r.mass_at AS mass_at, q.id AS other_id, q.name AS other_name
LIMIT $limit
