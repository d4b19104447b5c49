// name: list_team_ids
// returns: many
// params: limit
// The people marked is_team: the default starting points of warm introductions.
MATCH (p:Person)
WHERE p.is_team = true
RETURN p.id AS id
ORDER BY id
LIMIT $limit
