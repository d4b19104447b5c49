// name: list_people_at_company
// returns: many
// params: company_id, f, page, limit
// Current employees (WORKS_AT with current not false) of one company passing the filters of $f,
// in the order of $page (its sort key, cypher/fragments/sort_key.cypher, then id; by id when
// no sort is asked for). The caller leaves $f's company_id off: this match is that filter.
MATCH (:Company {id: $company_id})<-[w:WORKS_AT]-(p:Person)
WHERE coalesce(w.current, true)
WITH DISTINCT p
WHERE {{person_filter p=p; f=$f}}
WITH p, {{sort_key n=p; by=$page.by}} AS k
WHERE {{after_key key=k; id=p.id; page=$page}}
RETURN {{person_fields p=p}} AS person, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE p.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN p.id END DESC
LIMIT $limit
