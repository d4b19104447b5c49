// name: 06_company_external_id
// returns: schema
// params: none
CREATE CONSTRAINT company_external_id IF NOT EXISTS FOR (c:Company) REQUIRE c.external_id IS UNIQUE
