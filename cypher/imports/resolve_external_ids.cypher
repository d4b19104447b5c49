// name: resolve_external_ids
// returns: many
// params: people, companies
// The ids of the people and companies with these external ids (unknown ones are absent).
CALL () {
  UNWIND $people AS x
  MATCH (n:Person {external_id: x})
  RETURN 'Person' AS label, x AS external_id, n.id AS id
  UNION ALL
  UNWIND $companies AS x
  MATCH (n:Company {external_id: x})
  RETURN 'Company' AS label, x AS external_id, n.id AS id
}
RETURN label, external_id, id
