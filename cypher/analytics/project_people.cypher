// name: project_people
// returns: one
// params: after, limit
// One keyset page of people with their tags and current employers, as columns.
MATCH (p:Person)
WHERE p.id > $after
WITH p
ORDER BY p.id
LIMIT $limit
WITH p, COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true) RETURN DISTINCT c.id } AS companies
RETURN collect(p.id) AS id, collect(coalesce(p.tags, [])) AS tags, collect(companies) AS companies
