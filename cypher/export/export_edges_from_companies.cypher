// name: export_edges_from_companies
// returns: many
// params: ids
// The outgoing relationships of these companies (each edge is read once, from its start node).
// Temporal values come back as ISO 8601 text: the file wants text, and it reads faster.
UNWIND $ids AS id
MATCH (s:Company {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]->(t)
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, .title, .role, .department, since: toString(r.since), until: toString(r.until), .current, created_at: toString(r.created_at), updated_at: toString(r.updated_at), type: type(r), source_id: s.id, target_id: t.id} AS rel
