// name: get_person
// returns: one
// params: id
MATCH (p:Person {id: $id})
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
