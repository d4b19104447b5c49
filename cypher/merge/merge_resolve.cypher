// name: merge_resolve
// returns: many
// params: ids
// The label of each id that is a Person or a Company (unknown ids are absent).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN 'Person' AS label
  UNION
  MATCH (n:Company {id: id}) RETURN 'Company' AS label
}
RETURN id, label
