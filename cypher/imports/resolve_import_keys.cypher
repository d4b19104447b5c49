// name: resolve_import_keys
// returns: one
// params: people, companies, events
// The node each import key names: the node with that external_id, else (people) the person
// that holds it as an alias (a merged duplicate's external_id), else the node with that id
// that has no external_id (relmap's own export keys such a node by its id). Unknown keys are
// absent; how tells which way a key was found: external_id, alias or id. One row, found:
// [[label, key, id, how]] (a list returns in half the time of a row per key).
CALL () {
  UNWIND $people AS x
  OPTIONAL MATCH (a:Person {external_id: x})
  OPTIONAL MATCH (b:Person {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Person' AS label, x AS key, coalesce(a, b).id AS id,
         CASE WHEN a IS NULL THEN 'id' ELSE 'external_id' END AS how
  UNION ALL
  MATCH (a:Person) WHERE a.alias_external_ids IS NOT NULL
  UNWIND a.alias_external_ids AS x
  WITH a, x WHERE x IN $people AND NOT EXISTS { MATCH (:Person {external_id: x}) }
  RETURN 'Person' AS label, x AS key, a.id AS id, 'alias' AS how
  UNION ALL
  UNWIND $companies AS x
  OPTIONAL MATCH (a:Company {external_id: x})
  OPTIONAL MATCH (b:Company {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Company' AS label, x AS key, coalesce(a, b).id AS id,
         CASE WHEN a IS NULL THEN 'id' ELSE 'external_id' END AS how
  UNION ALL
  UNWIND $events AS x
  OPTIONAL MATCH (a:Event {external_id: x})
  OPTIONAL MATCH (b:Event {id: x}) WHERE b.external_id IS NULL
  WITH x, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN 'Event' AS label, x AS key, coalesce(a, b).id AS id,
         CASE WHEN a IS NULL THEN 'id' ELSE 'external_id' END AS how
}
RETURN collect([label, key, id, how]) AS found
