// name: 11_person_tags
// returns: schema
// params: none
CREATE INDEX person_tags IF NOT EXISTS FOR (p:Person) ON (p.tags)
