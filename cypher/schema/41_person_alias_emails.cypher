// name: 41_person_alias_emails
// returns: schema
// params: none
// The people that hold alias emails (a merged duplicate's), found by an index scan.
CREATE INDEX person_alias_emails IF NOT EXISTS FOR (p:Person) ON (p.alias_emails)
