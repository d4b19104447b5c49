// name: list_companies
// returns: many
// params: after, f, limit
// Keyset page in id order (the unique id index walked in order, as list_people); the filters
// of $f (cypher/fragments/company_filter.cypher) narrow it.
MATCH (c:Company)
WHERE c.id > coalesce($after, '')
  AND {{company_filter c=c; f=$f}}
RETURN {{company_fields c=c}} AS company
ORDER BY c.id
LIMIT $limit
