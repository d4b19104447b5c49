// name: person_edges
// returns: one
// params: ids, min_strength, only, limit
// Person-to-person edges touching the given people (one step of a bounded expansion), as one
// record of columns (decodes far faster than one record per edge; every value coalesced, as
// collect() skips nulls). r.strength is an upper bound of the current strength: a safe
// pre-filter. only: when a list, just the edges whose other end is one of those people (the
// last step of an expansion only needs edges into the targets). An edge between two of the
// given people comes twice; the service keeps one.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(q:Person)
WHERE r.strength >= $min_strength AND ($only IS NULL OR q.id IN $only)
WITH r, q
LIMIT $limit
RETURN collect(r.id) AS id, collect(type(r)) AS type, collect(startNode(r).id) AS source_id,
  collect(endNode(r).id) AS target_id, collect(coalesce(r.strength_base, 0.0)) AS strength_base,
  collect(coalesce(r.mass, [])) AS mass, collect(coalesce(r.mass_at, 0.0)) AS mass_at,
  collect(q.id) AS other_id, collect(coalesce(q.name, '')) AS other_name
