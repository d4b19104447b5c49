// name: upsert_companies
// returns: one
// params: rows, now
// Bulk upsert of Company nodes by external_id. rows: [{external_id, props}] with props in
// stored form; a node whose fields already equal props is left untouched (unchanged).
UNWIND $rows AS row
MERGE (p:Company {external_id: row.external_id})
  ON CREATE SET p.id = randomUUID(), p.created_at = $now, p.updated_at = $now, p.tags = [], p.attributes_json = '{}'
WITH p, row, p.created_at = $now AS created,
     all(k IN keys(row.props) WHERE coalesce(p[k] = row.props[k], p[k] IS NULL AND row.props[k] IS NULL)) AS same
SET p += CASE WHEN same THEN {} ELSE row.props END,
    p.updated_at = CASE WHEN same THEN p.updated_at ELSE $now END
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated,
       count(CASE WHEN NOT created AND same THEN 1 END) AS unchanged
