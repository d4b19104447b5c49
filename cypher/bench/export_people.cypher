// name: export_people
// returns: many
// params: none
MATCH (p:Person)
RETURN p.id AS id, p.external_id AS external_id, p.is_team AS is_team, p.tags AS tags
