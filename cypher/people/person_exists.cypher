// name: person_exists
// returns: one
// params: id
MATCH (p:Person {id: $id})
RETURN p.id AS id, p.name AS name
