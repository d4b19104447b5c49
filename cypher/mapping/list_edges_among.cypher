// name: list_edges_among
// returns: one
// params: ids, among, types, min_strength, limit
// The edges from nodes in ids to nodes in among (the rim of a neighborhood, closed off).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n
  UNION
  MATCH (n:Company {id: id}) RETURN n
  UNION
  MATCH (n:Event {id: id}) RETURN n
}
MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
WHERE type(r) IN $types AND r.strength >= $min_strength AND m.id IN $among
WITH r, startNode(r) AS s, endNode(r) AS t
LIMIT $limit
RETURN collect(r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, .created_at, type: type(r), source_id: s.id, target_id: t.id}) AS edges
