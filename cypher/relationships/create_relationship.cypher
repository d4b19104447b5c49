// name: create_relationship
// returns: one
// params: source_id, target_id, type, props
// Endpoints are looked up by id under each label (index seeks); the type comes from an allow-list.
CALL () {
  MATCH (n:Person {id: $source_id}) RETURN n AS s
  UNION
  MATCH (n:Company {id: $source_id}) RETURN n AS s
  UNION
  MATCH (n:Event {id: $source_id}) RETURN n AS s
}
CALL () {
  MATCH (n:Person {id: $target_id}) RETURN n AS t
  UNION
  MATCH (n:Company {id: $target_id}) RETURN n AS t
  UNION
  MATCH (n:Event {id: $target_id}) RETURN n AS t
}
CREATE (s)-[r:$($type)]->(t)
SET r = $props
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel
