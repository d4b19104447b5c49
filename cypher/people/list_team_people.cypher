// name: list_team_people
// returns: many
// params: f, page, limit
// The team (is_team: the person_is_team index) passing the other filters of $f, in the order
// of $page (its sort key, cypher/fragments/sort_key.cypher, then id; by id when no sort is
// asked for). A team is a few people among many: walking every person in id order for them
// read the whole label.
MATCH (p:Person)
USING INDEX p:Person(is_team)
WHERE p.is_team = true
  AND {{person_filter p=p; f=$f}}
WITH p, {{sort_key n=p; by=$page.by}} AS k
WHERE {{after_key key=k; id=p.id; page=$page}}
RETURN {{person_fields p=p}} AS person, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE p.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN p.id END DESC
LIMIT $limit
