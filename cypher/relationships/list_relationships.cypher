// name: list_relationships
// returns: many
// params: types, after, limit
// Every relationship of the given types, keyset page in id order.
MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]->(t)
WHERE type(r) IN $types AND ($after IS NULL OR r.id > $after)
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .title, .role, .department, .since, .until, .current, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
ORDER BY r.id
LIMIT $limit
