// name: search_companies
// returns: many
// params: lucene, f, skip, limit
// Full-text match on name and domain (accents and letter case ignored), best first; the
// filters of $f narrow it.
CALL db.index.fulltext.queryNodes('company_search_folded', $lucene) YIELD node AS c, score
WHERE {{company_filter c=c; f=$f}}
RETURN {{company_fields c=c}} AS company
ORDER BY score DESC, c.id
SKIP $skip
LIMIT $limit
