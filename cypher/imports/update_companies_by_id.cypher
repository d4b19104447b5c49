// name: update_companies_by_id
// returns: one
// params: rows, now
// The Company nodes an import names by id (relmap's own export keys a node that has no
// external_id by its id). rows: [{id, props}] with props in stored form; a node whose fields
// already equal props is left untouched (unchanged). No external_id is given to them.
UNWIND $rows AS row
MATCH (p:Company {id: row.id})
WITH p, row, all(k IN keys(row.props) WHERE coalesce(p[k] = row.props[k], p[k] IS NULL AND row.props[k] IS NULL)) AS same
SET p += CASE WHEN same THEN {} ELSE row.props END,
    p.updated_at = CASE WHEN same THEN p.updated_at ELSE $now END
RETURN count(CASE WHEN NOT same THEN 1 END) AS updated,
       count(CASE WHEN same THEN 1 END) AS unchanged
