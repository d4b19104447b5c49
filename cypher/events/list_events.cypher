// name: list_events
// returns: many
// params: after, limit
// Keyset page in id order.
MATCH (e:Event)
WHERE e.id > coalesce($after, '')  // '' before every id: one ordered range over the id index
WITH e
ORDER BY e.id
LIMIT $limit
RETURN e {.id, .name, .starts_on, .location, created_at: toString(e.created_at), attendee_count: COUNT { (e)<-[:ATTENDED]-(:Person) }} AS event
