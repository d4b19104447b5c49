// name: existing_people_ids
// returns: many
// params: ids
// The given ids that are people.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id
