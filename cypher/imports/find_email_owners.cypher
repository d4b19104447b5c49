// name: find_email_owners
// returns: many
// params: keys
// Who holds each (lower-cased) email now (its external_id and id): an import row may not
// take another person's email.
UNWIND $keys AS key
MATCH (p:Person {email_key: key})
RETURN key, p.external_id AS external_id, p.id AS id
