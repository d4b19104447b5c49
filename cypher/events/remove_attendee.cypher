// name: remove_attendee
// returns: one
// params: event_id, person_id
MATCH (:Person {id: $person_id})-[r:ATTENDED]->(:Event {id: $event_id})
WITH r, r.id AS id
DELETE r
RETURN id
