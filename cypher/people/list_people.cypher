// name: list_people
// returns: many
// params: after, tag, is_team, limit
// Keyset page in id order; null filters are off.
MATCH (p:Person)
WHERE ($after IS NULL OR p.id > $after)
  AND ($tag IS NULL OR $tag IN p.tags)
  AND ($is_team IS NULL OR p.is_team = $is_team)
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .attributes_json, .created_at, .updated_at} AS person
ORDER BY p.id
LIMIT $limit
