// name: delete_person
// returns: one
// params: id
// Removes the person and every relationship touching it; interactions stay with the others.
MATCH (p:Person {id: $id})
WITH p, p.id AS id
DETACH DELETE p
RETURN id
