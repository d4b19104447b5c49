// name: update_relationship
// returns: one
// params: id, props
// A null in props removes that property.
MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED {id: $id}]->(t)
SET r += $props
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .title, .role, .department, .since, .until, .current, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
