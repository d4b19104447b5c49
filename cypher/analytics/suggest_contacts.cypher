// name: suggest_contacts
// returns: many
// params: id, exclude_team, limit
// People two steps away and not yet connected, by Adamic-Adar: the sum over shared contacts c
// of 1 / ln(degree(c)), degree = distinct person neighbours (over KNOWS, REPORTS_TO, INFLUENCES).
// With $exclude_team, people of our own team (is_team) are never suggested.
MATCH (p:Person {id: $id})-[:KNOWS|REPORTS_TO|INFLUENCES]-(c:Person)
WITH p, collect(DISTINCT c) AS contacts
UNWIND contacts AS c
WITH p, contacts, c, COUNT { MATCH (c)-[:KNOWS|REPORTS_TO|INFLUENCES]-(x:Person) RETURN DISTINCT x } AS degree
MATCH (c)-[:KNOWS|REPORTS_TO|INFLUENCES]-(s:Person)
WHERE s <> p AND NOT s IN contacts AND NOT ($exclude_team AND coalesce(s.is_team, false))
WITH DISTINCT s, c, degree
WITH s, sum(1.0 / log(degree)) AS score, collect(c {.id, .name, degree: degree}) AS shared
ORDER BY score DESC, s.id
LIMIT $limit
RETURN s.id AS id, score, shared
