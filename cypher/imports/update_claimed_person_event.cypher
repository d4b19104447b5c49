// name: update_claimed_person_event
// returns: one
// params: rows, now
// types: ATTENDED
// The second write of an import batch's edges of one type (Person -> Event), one statement per type
// (name:TYPE): what the import planned (app/imports/sync.py) for the edges claim_person_event
// found, and write-locked, in this transaction. rows: [{s, t, props, touch}]: props holds only what
// changes (and the import record); touch: a field changes, so updated_at moves. A written
// strength_base recomputes the stored strength. Returns the ids of the edges it updated that an
// earlier turn of this import did not create.
UNWIND $rows AS row
MATCH (s:Person {id: row.s})
MATCH (t:Event {id: row.t})
MATCH (s)-[r:{{type}}]->(t)
SET r += row.props,
    r.updated_at = CASE WHEN row.touch THEN $now ELSE r.updated_at END,
    r.strength = CASE WHEN row.props.strength_base IS NULL THEN r.strength
      ELSE {{stored_strength base=row.props.strength_base; mass=r.mass}} END
RETURN collect(CASE WHEN row.touch AND r.created_at <> $now THEN r.id END) AS updated
