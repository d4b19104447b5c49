// name: update_person
// returns: one
// params: id, props
// A null in props removes that property.
MATCH (p:Person {id: $id})
SET p += $props
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .attributes_json, .created_at, .updated_at} AS person
