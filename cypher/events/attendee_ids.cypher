// name: attendee_ids
// returns: many
// params: event_id, limit
// Every attendee of one event (capped), with what priorities need to show them.
MATCH (:Event {id: $event_id})<-[:ATTENDED]-(p:Person)
RETURN p.id AS id, p.name AS name, p.title AS title, coalesce(p.is_team, false) AS is_team
ORDER BY p.id
LIMIT $limit
