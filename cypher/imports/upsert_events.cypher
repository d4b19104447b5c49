// name: upsert_events
// returns: one
// params: rows, now
// Bulk upsert of Event nodes by external_id. rows: [{external_id, props}] with props in
// stored form (name, starts_on, location); a node whose fields already equal props is left
// untouched (unchanged).
UNWIND $rows AS row
MERGE (p:Event {external_id: row.external_id})
  ON CREATE SET p.id = randomUUID(), p.created_at = $now
WITH p, row, p.created_at = $now AS created,
     all(k IN keys(row.props) WHERE coalesce(p[k] = row.props[k], p[k] IS NULL AND row.props[k] IS NULL)) AS same
SET p += CASE WHEN same THEN {} ELSE row.props END
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated,
       count(CASE WHEN NOT created AND same THEN 1 END) AS unchanged
