// name: export_events_page
// returns: many
// params: after, limit
// A keyset page of every Event in id order (whole-graph export).
// Temporal values come back as ISO 8601 text: the file wants text, and it reads faster.
MATCH (n:Event)
WHERE $after IS NULL OR n.id > $after
RETURN n {.*, created_at: toString(n.created_at), updated_at: toString(n.updated_at), starts_on: toString(n.starts_on)} AS node
ORDER BY n.id
LIMIT $limit
