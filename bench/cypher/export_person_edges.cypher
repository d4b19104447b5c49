// name: export_person_edges
// returns: many
// params: prefix
// Person-to-person edges with their strength state, for the peers (PostgreSQL, networkx), one
// id-prefix page at a time (each page its own short transaction, an index range seek).
MATCH (a:Person)-[r:KNOWS|REPORTS_TO|INFLUENCES]->(b:Person)
WHERE a.id STARTS WITH $prefix
RETURN a.id AS source, b.id AS target, r.strength_base AS strength_base, r.mass AS mass,
       r.mass_at AS mass_at, r.id AS id, type(r) AS type
