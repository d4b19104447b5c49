// name: create_event
// returns: one
// params: props
CREATE (e:Event)
SET e = $props
RETURN e {.id, .name, .starts_on, .location, created_at: toString(e.created_at), attendee_count: 0} AS event
