// name: resolve_people
// returns: many
// params: ids
// The id and name of each id that is a Person (unknown ids are absent).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name
