// name: resolve_companies
// returns: many
// params: ids
// The ids that are companies (unknown ids are absent).
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c.id AS id
