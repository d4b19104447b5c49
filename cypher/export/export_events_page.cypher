// name: export_events_page
// returns: many
// params: after, limit
// A keyset page of every Event in id order (whole-graph export).
// The first page is every id after '' (ids are never empty): one range over the id index,
// read in its order, so a page reads its own rows only (`$after IS NULL OR ...` made every
// page read and sort every node of the label).
// Temporal values come back as ISO 8601 text: the file wants text, and it reads faster.
MATCH (n:Event)
WHERE n.id > coalesce($after, '')
RETURN n {.*, created_at: toString(n.created_at), updated_at: toString(n.updated_at), starts_on: toString(n.starts_on)} AS node
ORDER BY n.id
LIMIT $limit
