// name: get_company
// returns: one
// params: id
MATCH (c:Company {id: $id})
RETURN {{company_fields c=c}} AS company
