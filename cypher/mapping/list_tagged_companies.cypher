// name: list_tagged_companies
// returns: many
// params: tag, limit
// The ids of the companies carrying one tag (exact), in id order (a batch of intro targets).
MATCH (c:Company)
WHERE $tag IN c.tags
RETURN c.id AS id
ORDER BY c.id
LIMIT $limit
