// name: resolve_import_keys
// returns: many
// params: people, companies, events
// The node each import key names: the node with that external_id, else the node with that id
// that has no external_id (relmap's own export keys such a node by its id). Unknown keys are
// absent; by_id tells which way a key was found.
CALL () {
  UNWIND $people AS x
  OPTIONAL MATCH (a:Person {external_id: x})
  OPTIONAL MATCH (b:Person {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Person' AS label, x AS key, coalesce(a, b).id AS id, a IS NULL AS by_id
  UNION ALL
  UNWIND $companies AS x
  OPTIONAL MATCH (a:Company {external_id: x})
  OPTIONAL MATCH (b:Company {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Company' AS label, x AS key, coalesce(a, b).id AS id, a IS NULL AS by_id
  UNION ALL
  UNWIND $events AS x
  OPTIONAL MATCH (a:Event {external_id: x})
  OPTIONAL MATCH (b:Event {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Event' AS label, x AS key, coalesce(a, b).id AS id, a IS NULL AS by_id
}
RETURN label, key, id, by_id
