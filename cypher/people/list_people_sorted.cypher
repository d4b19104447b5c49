// name: list_people_sorted
// returns: many
// params: f, page, limit
// Every person passing the filters of $f, ordered by $page.by (cypher/fragments/sort_key.cypher)
// then id, descending when $page.desc, from after the previous page's last row: a top-$limit
// sort over the matching people (no index holds these orders).
MATCH (p:Person)
WHERE {{person_filter p=p; f=$f}}
WITH p, {{sort_key n=p; by=$page.by}} AS k
WHERE {{after_key key=k; id=p.id; page=$page}}
RETURN {{person_fields p=p}} AS person, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE p.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN p.id END DESC
LIMIT $limit
