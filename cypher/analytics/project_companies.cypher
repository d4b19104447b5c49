// name: project_companies
// returns: many
// params: after, limit
// One keyset page of companies (name and industry, for describing segments).
MATCH (c:Company)
WHERE c.id > $after
RETURN c.id AS id, c.name AS name, c.industry AS industry
ORDER BY c.id
LIMIT $limit
