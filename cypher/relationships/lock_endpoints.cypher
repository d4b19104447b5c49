// name: lock_endpoints
// returns: many
// params: ids
// Write-locks the nodes with these ids (people, companies, events), in id order, so that two
// transactions about the same pair queue up on it instead of both deciding from what they
// read (and two on overlapping pairs cannot deadlock). Runs first in its transaction: what is
// read after it is what the last holder of the lock committed. Returns the ids that still
// exist once the lock is held (a node merged away or deleted meanwhile is absent).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n
  UNION
  MATCH (n:Company {id: id}) RETURN n
  UNION
  MATCH (n:Event {id: id}) RETURN n
}
WITH n
ORDER BY n.id
SET n._lock = true
REMOVE n._lock
WITH n WHERE n.id IS NOT NULL  // a node deleted while this one waited reads as empty
RETURN n.id AS id
