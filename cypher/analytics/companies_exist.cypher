// name: companies_exist
// returns: many
// params: ids
// The given ids that are companies (a dynamic segment's company_ids).
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c.id AS id
