// name: project_influences
// returns: one
// params: after, limit
// One keyset page (id order, served by the relationship id index) of the INFLUENCES edges, as
// columns: one record of lists decodes many times faster than as many records (every value
// coalesced: collect() would skip a null and shift the columns).
MATCH (a:Person)-[r:INFLUENCES]->(b:Person)
WHERE r.id > $after
WITH r, a, b
ORDER BY r.id
LIMIT $limit
RETURN collect(r.id) AS id, collect(a.id) AS a, collect(b.id) AS b,
  collect(coalesce(r.strength_base, 0.0)) AS base, collect(coalesce(r.mass, [])) AS mass, collect(coalesce(r.mass_at, 0.0)) AS mass_at
