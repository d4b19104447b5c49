// name: find_domain_owners
// returns: many
// params: keys
// Who holds each domain key now: an import row may not take another company's domain.
UNWIND $keys AS key
MATCH (c:Company {domain_key: key})
RETURN key, c.external_id AS external_id, c.id AS id
