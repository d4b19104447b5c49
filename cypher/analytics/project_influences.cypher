// name: project_influences
// returns: many
// params: after, limit
// One keyset page (id order, served by the relationship id index) of the INFLUENCES edges.
MATCH (a:Person)-[r:INFLUENCES]->(b:Person)
WHERE r.id > $after
RETURN r.id AS id, a.id AS a, b.id AS b, r.strength_base AS base, r.mass AS mass, r.mass_at AS mass_at
ORDER BY r.id
LIMIT $limit
