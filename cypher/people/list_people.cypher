// name: list_people
// returns: many
// params: after, f, limit
// Keyset page in id order; the filters of $f (cypher/fragments/person_filter.cypher) narrow it.
// `p.id > coalesce($after, '')` makes the planner walk the unique id index in order and stop
// after $limit matches (NodeUniqueIndexSeekByRange, Limit): a filter reads people only until the
// page is full, not every Person (tags are a list property, which no index answers `IN` for).
// 206k db hits -> 1.8k for a common tag at M. Exact lookups (email, external_id) go through
// lookup_people instead, which seeks their unique indexes.
MATCH (p:Person)
WHERE p.id > coalesce($after, '')
  AND {{person_filter p=p; f=$f}}
RETURN {{person_fields p=p}} AS person
ORDER BY p.id
LIMIT $limit
