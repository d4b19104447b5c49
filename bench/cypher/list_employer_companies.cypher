// name: list_employer_companies
// returns: many
// params: none
// The companies that have current people (the company operations' inputs), in the order of
// the generator's external ids ("c0", the team's own, first): ids are made at each load, and
// in their order each load's sample of inputs was another (bench/notes.md, the thirty-first
// session).
MATCH (c:Company)
WHERE EXISTS { (:Person)-[:WORKS_AT {current: true}]->(c) }
RETURN c.id AS company
ORDER BY c.external_id, c.id
