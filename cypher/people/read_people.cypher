// name: read_people
// returns: one
// params: ids
// The people with these ids (unknown ones are absent), as one list: what GET /v1/people/{id}
// reads. Reads of one person that arrive together are sent as one (app/db/coalesce.py).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN collect({{person_fields p=p}}) AS found
