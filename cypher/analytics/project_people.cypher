// name: project_people
// returns: many
// params: after, limit
// One keyset page of people with their tags and current employers.
MATCH (p:Person)
WHERE p.id > $after
WITH p
ORDER BY p.id
LIMIT $limit
RETURN p.id AS id, p.tags AS tags,
  COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true) RETURN DISTINCT c.id } AS companies
