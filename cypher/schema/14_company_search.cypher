// name: 14_company_search
// returns: schema
// params: none
// Name and domain words, letter case and accents folded (as 13_person_search).
CREATE FULLTEXT INDEX company_search_folded IF NOT EXISTS FOR (c:Company) ON EACH [c.name, c.domain]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}
