// name: search_companies_sorted
// returns: many
// params: lucene, f, page, limit
// The full-text matches of search_companies, filtered the same way, in the order of $page (its
// sort key, cypher/fragments/sort_key.cypher, then id) instead of by relevance.
CALL db.index.fulltext.queryNodes('company_search_folded', $lucene) YIELD node AS c
WITH c
WHERE {{company_filter c=c; f=$f}}
WITH c, {{sort_key n=c; by=$page.by}} AS k
WHERE {{after_key key=k; id=c.id; page=$page}}
RETURN {{company_fields c=c}} AS company, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE c.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN c.id END DESC
LIMIT $limit
