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
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel
ORDER BY r.id
LIMIT $limit
