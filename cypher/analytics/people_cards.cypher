// name: people_cards
// returns: many
// params: ids
// Name, title, tags and current employers of the given people (unknown ids are absent).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, p.title AS title, p.tags AS tags, p.is_team AS is_team,
  COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true) RETURN DISTINCT c {.id, .name, .industry} } AS companies
