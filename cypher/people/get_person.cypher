// name: get_person
// returns: one
// params: id
MATCH (p:Person {id: $id})
RETURN {{person_fields p=p}} AS person
