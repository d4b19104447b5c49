// name: update_company
// returns: one
// params: id, props
// A null in props removes that property.
MATCH (c:Company {id: $id})
SET c += $props
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
