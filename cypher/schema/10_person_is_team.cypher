// name: 10_person_is_team
// returns: schema
// params: none
CREATE INDEX person_is_team IF NOT EXISTS FOR (p:Person) ON (p.is_team)
