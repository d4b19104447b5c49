// name: scope_tag
// returns: many
// params: tag
// People carrying one tag.
MATCH (p:Person)
WHERE $tag IN p.tags
RETURN p.id AS id
