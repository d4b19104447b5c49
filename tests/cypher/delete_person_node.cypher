// name: delete_person_node
// returns: write
// params: id
// tests/test_api.py: a person removed past the API (which is a 503 while the schema cannot be
// applied).
MATCH (p:Person {id: $id})
DETACH DELETE p
