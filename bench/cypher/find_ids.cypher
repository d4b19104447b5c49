// name: find_ids
// returns: many
// params: keys
// Server-made ids of people and companies by external_id (the bench addresses them by key).
UNWIND $keys AS key
CALL (key) {
  MATCH (n:Person {external_id: key}) RETURN n.id AS id
  UNION
  MATCH (n:Company {external_id: key}) RETURN n.id AS id
}
RETURN key, id
