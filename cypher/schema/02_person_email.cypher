// name: 02_person_email
// returns: schema
// params: none
CREATE CONSTRAINT person_email IF NOT EXISTS FOR (p:Person) REQUIRE p.email_key IS UNIQUE
