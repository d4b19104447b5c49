// name: resolve_nodes
// returns: many
// params: ids
// The label and name of each id that is a Person, Company or Event (unknown ids are absent).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n, 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN n, 'Company' AS label
  UNION
  MATCH (n:Event {id: id}) RETURN n, 'Event' AS label
}
RETURN id, label, n.name AS name
