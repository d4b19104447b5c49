// name: team_ids
// returns: many
// params: none
// The ids of the people marked is_team (our own team; the person_is_team index).
MATCH (p:Person)
WHERE p.is_team = true
RETURN p.id AS id
