// name: add_attendees
// returns: many
// params: event_id, rows
// rows: [{person_id, props}]; an existing ATTENDED edge is kept as it is (created = false).
MATCH (e:Event {id: $event_id})
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MERGE (p)-[r:ATTENDED]->(e)
ON CREATE SET r = row.props
RETURN p.id AS id, r.id = row.props.id AS created
