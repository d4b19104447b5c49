// name: find_missing_external_ids
// returns: many
// params: people, companies
// Which of these external ids name no person / no company (usually none: a short answer).
CALL () {
  UNWIND $people AS x
  WITH x WHERE NOT EXISTS { MATCH (:Person {external_id: x}) }
  RETURN 'Person' AS label, x AS external_id
  UNION ALL
  UNWIND $companies AS x
  WITH x WHERE NOT EXISTS { MATCH (:Company {external_id: x}) }
  RETURN 'Company' AS label, x AS external_id
}
RETURN label, external_id
