// name: get_graph_nodes
// returns: one
// params: ids
// Display fields of each id that is a Person, Company or Event (unknown ids are absent), as one
// list (`nodes`; a record per node streams several times slower).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n, 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN n, 'Company' AS label
  UNION
  MATCH (n:Event {id: id}) RETURN n, 'Event' AS label
}
RETURN collect(n {.id, .name, .title, .is_team, .domain, .industry, label: label}) AS nodes
