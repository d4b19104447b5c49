// name: 05_company_domain
// returns: schema
// params: none
CREATE CONSTRAINT company_domain IF NOT EXISTS FOR (c:Company) REQUIRE c.domain_key IS UNIQUE
