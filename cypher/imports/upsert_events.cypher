// name: upsert_events
// returns: one
// params: rows, now
// Bulk write of Event nodes by external_id, as the import planned it (app/imports/sync.py):
// rows: [{external_id, props, touch}] with props in stored form (only the fields that change,
// and the import record); touch: a field changes. A new node gets the defaults first.
UNWIND $rows AS row
MERGE (p:Event {external_id: row.external_id})
  ON CREATE SET p.id = randomUUID(), p.created_at = $now
SET p += row.props
RETURN count(*) AS written,
       collect(CASE WHEN p.created_at = $now THEN p.id END) AS created,
       collect(CASE WHEN p.created_at <> $now AND coalesce(row.touch, true) THEN p.id END) AS updated
