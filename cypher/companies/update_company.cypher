// name: update_company
// returns: one
// params: id, props
// A null in props removes that property. A node merged away or deleted while this waited for
// its lock reads back without an id: no row (a 404), not a half-empty one.
MATCH (c:Company {id: $id})
SET c += $props
WITH c
WHERE c.id IS NOT NULL
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
