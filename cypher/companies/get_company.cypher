// name: get_company
// returns: one
// params: id
MATCH (c:Company {id: $id})
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
