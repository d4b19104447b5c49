// name: upsert_companies
// returns: one
// params: rows, now
// Bulk write of Company nodes by external_id, as the import planned it (app/imports/sync.py):
// rows: [{external_id, props, touch}] with props in stored form (only the fields that change,
// and the import record); touch: a field changes, so updated_at moves. A new node gets the defaults first.
UNWIND $rows AS row
MERGE (p:Company {external_id: row.external_id})
  ON CREATE SET p.id = randomUUID(), p.created_at = $now, p.updated_at = $now, p.tags = [], p.attributes_json = '{}'
SET p += row.props,
    p.updated_at = CASE WHEN row.touch THEN $now ELSE p.updated_at END
SET p += {{order_keys n=p}}
RETURN count(*) AS written,
       collect(CASE WHEN p.created_at = $now THEN p.id END) AS created,
       collect(CASE WHEN p.created_at <> $now AND coalesce(row.touch, true) THEN p.id END) AS updated
