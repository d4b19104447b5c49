// name: create_person
// returns: one
// params: props
// props: every stored property, including id, email_key and timestamps.
CREATE (p:Person)
SET p = $props
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
