// name: get_graph_nodes
// returns: many
// params: ids
// Display fields of each id that is a Person, Company or Event (unknown ids are absent).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n, 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN n, 'Company' AS label
  UNION
  MATCH (n:Event {id: id}) RETURN n, 'Event' AS label
}
RETURN n {.id, .name, .title, .is_team, .domain, .industry, label: label} AS node
