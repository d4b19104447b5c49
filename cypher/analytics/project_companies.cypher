// name: project_companies
// returns: one
// params: after, limit
// One keyset page of companies (name and industry, for describing segments), as columns.
MATCH (c:Company)
WHERE c.id > $after
WITH c
ORDER BY c.id
LIMIT $limit
RETURN collect(c.id) AS id, collect(coalesce(c.name, "")) AS name, collect(coalesce(c.industry, "")) AS industry
