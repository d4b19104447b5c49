// name: list_companies
// returns: many
// params: after, tag, limit
// Keyset page in id order; null filters are off.
MATCH (c:Company)
WHERE ($after IS NULL OR c.id > $after)
  AND ($tag IS NULL OR $tag IN c.tags)
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
ORDER BY c.id
LIMIT $limit
