// name: 14_company_search
// returns: schema
// params: none
CREATE FULLTEXT INDEX company_search IF NOT EXISTS FOR (c:Company) ON EACH [c.name, c.domain]
