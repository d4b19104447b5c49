// name: search_people_sorted
// returns: many
// params: lucene, f, page, limit
// The full-text matches of search_people, filtered the same way, in the order of $page (its
// sort key, then id) instead of by relevance.
CALL db.index.fulltext.queryNodes('person_search_folded', $lucene) YIELD node AS p
WITH p
WHERE {{person_filter p=p; f=$f}}
WITH p, {{sort_key n=p; by=$page.by}} AS k
WHERE {{after_key key=k; id=p.id; page=$page}}
RETURN {{person_fields p=p}} AS person, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE p.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN p.id END DESC
LIMIT $limit
