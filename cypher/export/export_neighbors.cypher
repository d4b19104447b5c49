// name: export_neighbors
// returns: many
// params: ids, limit
// One breadth-first step: the nodes next to these (either direction), at most limit of them.
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n
  UNION
  MATCH (n:Company {id: id}) RETURN n
  UNION
  MATCH (n:Event {id: id}) RETURN n
}
MATCH (n)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
RETURN DISTINCT m.id AS id
LIMIT $limit
