// name: give_email
// returns: write
// params: id, email
// tests/test_api.py: a person given another's email past the API while person_email was
// missing: data that nothing may merge by itself.
MATCH (p:Person {id: $id})
SET p.email = $email, p.email_key = toLower($email)
