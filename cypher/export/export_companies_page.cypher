// name: export_companies_page
// returns: many
// params: after, limit
// A keyset page of every Company in id order (whole-graph export).
MATCH (n:Company)
WHERE $after IS NULL OR n.id > $after
RETURN n {.*} AS node
ORDER BY n.id
LIMIT $limit
