// name: resolve_external_ids
// returns: many
// params: people, companies
// The ids of the people and companies with these external ids (unknown ones are absent); a
// person's alias external_id (a merged duplicate's) names that person.
CALL () {
  UNWIND $people AS x
  MATCH (n:Person {external_id: x})
  RETURN 'Person' AS label, x AS external_id, n.id AS id
  UNION ALL
  MATCH (n:Person) WHERE n.alias_external_ids IS NOT NULL
  UNWIND n.alias_external_ids AS x
  WITH n, x WHERE x IN $people AND NOT EXISTS { MATCH (:Person {external_id: x}) }
  RETURN 'Person' AS label, x AS external_id, n.id AS id
  UNION ALL
  UNWIND $companies AS x
  MATCH (n:Company {external_id: x})
  RETURN 'Company' AS label, x AS external_id, n.id AS id
}
RETURN label, external_id, id
