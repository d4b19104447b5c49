// name: companies_by_id
// returns: many
// params: ids
// The given companies (unknown ids are absent): relative_to=company:<id>.
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c.id AS id, c.name AS name
