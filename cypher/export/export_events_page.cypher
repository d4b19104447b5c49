// name: export_events_page
// returns: many
// params: after, limit
// A keyset page of every Event in id order (whole-graph export).
MATCH (n:Event)
WHERE $after IS NULL OR n.id > $after
RETURN n {.*} AS node
ORDER BY n.id
LIMIT $limit
