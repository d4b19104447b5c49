// name: search_companies
// returns: many
// params: lucene, tag, skip, limit
// Full-text match on name and domain, best first; the tag filter narrows it.
CALL db.index.fulltext.queryNodes('company_search', $lucene) YIELD node AS c, score
WHERE ($tag IS NULL OR $tag IN c.tags)
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
ORDER BY score DESC, c.id
SKIP $skip
LIMIT $limit
