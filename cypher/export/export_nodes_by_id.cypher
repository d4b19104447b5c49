// name: export_nodes_by_id
// returns: many
// params: ids
// These nodes with their label (unknown ids are absent).
// Temporal values come back as ISO 8601 text: the file wants text, and it reads faster.
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n, 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN n, 'Company' AS label
  UNION
  MATCH (n:Event {id: id}) RETURN n, 'Event' AS label
}
RETURN label, n {.*, created_at: toString(n.created_at), updated_at: toString(n.updated_at), starts_on: toString(n.starts_on)} AS node
