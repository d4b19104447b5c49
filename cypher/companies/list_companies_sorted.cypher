// name: list_companies_sorted
// returns: many
// params: f, page, limit
// Every company passing the filters of $f, ordered by $page.by (cypher/fragments/sort_key.cypher)
// then id, descending when $page.desc, from after the previous page's last row.
MATCH (c:Company)
WHERE {{company_filter c=c; f=$f}}
WITH c, {{sort_key n=c; by=$page.by}} AS k
WHERE {{after_key key=k; id=c.id; page=$page}}
RETURN {{company_fields c=c}} AS company, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE c.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN c.id END DESC
LIMIT $limit
