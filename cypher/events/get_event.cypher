// name: get_event
// returns: one
// params: id
MATCH (e:Event {id: $id})
RETURN e {.id, .name, .starts_on, .location, created_at: toString(e.created_at), attendee_count: COUNT { (e)<-[:ATTENDED]-(:Person) }} AS event
