// name: find_relationship_between
// returns: one
// params: source_id, target_id, type, symmetric
// An existing edge of this type from source to target (either way when symmetric).
CALL () {
  MATCH (n:Person {id: $source_id}) RETURN n AS s
  UNION
  MATCH (n:Company {id: $source_id}) RETURN n AS s
}
MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(t)
WHERE t.id = $target_id AND type(r) = $type AND ($symmetric OR startNode(r) = s)
RETURN r.id AS id
LIMIT 1
