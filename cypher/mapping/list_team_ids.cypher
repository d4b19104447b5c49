// name: list_team_ids
// returns: one
// params: limit
// The people marked is_team (the default starting points of warm introductions) and the graph
// version they were read at, in one round trip: a search keys the team's ball by both.
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
WITH coalesce(v.version, 0) AS version
OPTIONAL MATCH (p:Person)
WHERE p.is_team = true
WITH version, p.id AS id
ORDER BY id
LIMIT $limit
RETURN version, collect(id) AS ids
