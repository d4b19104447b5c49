// name: export_people
// returns: many
// params: prefix
// People for the peers and the inputs, one id-prefix page at a time (each page its own short
// transaction, an index range seek: a million people in one would outlast the timeout).
MATCH (p:Person)
WHERE p.id STARTS WITH $prefix
RETURN p.id AS id, p.external_id AS external_id, p.is_team AS is_team, p.tags AS tags
