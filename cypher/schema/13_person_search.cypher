// name: 13_person_search
// returns: schema
// params: none
// Name and email words, letter case and accents folded ("Müller" is found by "muller").
CREATE FULLTEXT INDEX person_search_folded IF NOT EXISTS FOR (p:Person) ON EACH [p.name, p.email]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}
