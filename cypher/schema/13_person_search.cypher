// name: 13_person_search
// returns: schema
// params: none
CREATE FULLTEXT INDEX person_search IF NOT EXISTS FOR (p:Person) ON EACH [p.name, p.email]
