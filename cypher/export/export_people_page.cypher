// name: export_people_page
// returns: many
// params: after, limit
// A keyset page of every Person in id order (whole-graph export).
MATCH (n:Person)
WHERE $after IS NULL OR n.id > $after
RETURN n {.*} AS node
ORDER BY n.id
LIMIT $limit
