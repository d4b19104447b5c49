// name: list_attendees
// returns: many
// params: event_id, after, limit
// The people who attend one event, keyset page in person id order.
MATCH (:Event {id: $event_id})<-[r:ATTENDED]-(p:Person)
WHERE $after IS NULL OR p.id > $after
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
ORDER BY p.id
LIMIT $limit
