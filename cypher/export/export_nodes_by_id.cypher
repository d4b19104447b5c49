// name: export_nodes_by_id
// returns: many
// params: ids
// These nodes with their label (unknown ids are absent).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n, 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN n, 'Company' AS label
  UNION
  MATCH (n:Event {id: id}) RETURN n, 'Event' AS label
}
RETURN label, n {.*} AS node
