// name: create_company
// returns: one
// params: props
// props: every stored property, including id, domain_key and timestamps.
CREATE (c:Company)
SET c = $props
RETURN c {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, .created_at, .updated_at} AS company
