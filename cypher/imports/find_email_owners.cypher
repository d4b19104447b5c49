// name: find_email_owners
// returns: many
// params: keys
// Who holds each (lower-cased) email now (its external_id and id), as its email or as an
// alias (a merged duplicate's email): an import row may not take another person's email.
CALL () {
  UNWIND $keys AS key
  MATCH (p:Person {email_key: key})
  RETURN key, p.external_id AS external_id, p.id AS id
  UNION ALL
  MATCH (p:Person) WHERE p.alias_emails IS NOT NULL
  UNWIND p.alias_emails AS alias
  WITH p, toLower(alias) AS key WHERE key IN $keys
  RETURN key, p.external_id AS external_id, p.id AS id
}
RETURN key, external_id, id
