// name: export_edges_from_companies
// returns: many
// params: ids
// The outgoing relationships of these companies (each edge is read once, from its start node).
UNWIND $ids AS id
MATCH (s:Company {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]->(t)
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .title, .role, .department, .since, .until, .current, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
