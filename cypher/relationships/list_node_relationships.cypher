// name: list_node_relationships
// returns: many
// params: node_id, types, after, limit
// The relationships touching one node (either direction), keyset page in id order.
CALL () {
  MATCH (n:Person {id: $node_id}) RETURN n
  UNION
  MATCH (n:Company {id: $node_id}) RETURN n
  UNION
  MATCH (n:Event {id: $node_id}) RETURN n
}
MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(other)
WHERE type(r) IN $types AND ($after IS NULL OR r.id > $after)
WITH r, startNode(r) AS s, endNode(r) AS t
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .title, .role, .department, .since, .until, .current, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
ORDER BY r.id
LIMIT $limit
