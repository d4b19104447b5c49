// name: list_people
// returns: many
// params: after, tag, is_team, limit
// Keyset page in id order; null filters are off. `p.id > coalesce($after, '')` makes the planner
// walk the unique id index in order and stop after $limit matches (NodeUniqueIndexSeekByRange,
// Limit): a tag filter reads people only until the page is full, not every Person (tags are a
// list property, which no index answers `IN` for). 206k db hits -> 1.8k for a common tag at M.
MATCH (p:Person)
WHERE p.id > coalesce($after, '')
  AND ($tag IS NULL OR $tag IN p.tags)
  AND ($is_team IS NULL OR p.is_team = $is_team)
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
ORDER BY p.id
LIMIT $limit
