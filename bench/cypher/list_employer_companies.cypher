// name: list_employer_companies
// returns: many
// params: none
// The companies that have current people (the company operations' inputs).
MATCH (c:Company)
WHERE EXISTS { (:Person)-[:WORKS_AT {current: true}]->(c) }
RETURN c.id AS company
ORDER BY company
