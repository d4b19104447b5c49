// name: company_exists
// returns: one
// params: id
MATCH (c:Company {id: $id})
RETURN c.id AS id, c.name AS name
