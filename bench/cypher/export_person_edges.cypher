// name: export_person_edges
// returns: many
// params: none
// Every person-to-person edge with its strength state, for the peers (PostgreSQL, networkx).
MATCH (a:Person)-[r:KNOWS|REPORTS_TO|INFLUENCES]->(b:Person)
RETURN a.id AS source, b.id AS target, type(r) AS type, r.id AS id,
       r.strength_base AS strength_base, r.mass AS mass, r.mass_at AS mass_at
