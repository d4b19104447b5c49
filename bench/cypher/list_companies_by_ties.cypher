// name: list_companies_by_ties
// returns: many
// params: none
// Every company with its number of edges (from the degree store), most first
// (bench/neighborhood_roots.py: the roots with the most ties).
MATCH (c:Company)
RETURN c.id AS id, COUNT { (c)--() } AS ties
ORDER BY ties DESC, id
