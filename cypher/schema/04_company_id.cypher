// name: 04_company_id
// returns: schema
// params: none
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (c:Company) REQUIRE c.id IS UNIQUE
