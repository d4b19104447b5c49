// name: 03_person_external_id
// returns: schema
// params: none
CREATE CONSTRAINT person_external_id IF NOT EXISTS FOR (p:Person) REQUIRE p.external_id IS UNIQUE
