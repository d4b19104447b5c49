// name: list_attendees
// returns: many
// params: event_id, after, limit
// The people who attend one event, keyset page in person id order.
MATCH (:Event {id: $event_id})<-[r:ATTENDED]-(p:Person)
WHERE $after IS NULL OR p.id > $after
RETURN {{person_fields p=p}} AS person
ORDER BY p.id
LIMIT $limit
