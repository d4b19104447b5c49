// name: upsert_person_company
// returns: one
// params: rows, init, now
// types: WORKS_AT, ADVISES, INVESTED_IN
// Bulk upsert of edges of one type (Person -> Company, directed), one statement per type
// (name:TYPE); endpoints by id (the caller resolved the rows' keys). rows: [{s, t, props}];
// init: the stored fields of a new edge. An edge whose fields already equal props is left
// untouched (counted as unchanged); a changed strength_base recomputes the stored strength.
UNWIND $rows AS row
MATCH (s:Person {id: row.s})
MATCH (t:Company {id: row.t})
MERGE (s)-[r:{{type}}]->(t)
  ON CREATE SET r += $init, r.id = randomUUID(), r.created_at = $now, r.updated_at = $now
WITH r, row, r.created_at = $now AS created,
     all(k IN keys(row.props) WHERE coalesce(r[k] = row.props[k], r[k] IS NULL AND row.props[k] IS NULL)) AS same
SET r += CASE WHEN same THEN {} ELSE row.props END,
    r.updated_at = CASE WHEN same THEN r.updated_at ELSE $now END,
    r.strength = CASE WHEN same OR row.props.strength_base IS NULL THEN r.strength
      ELSE {{stored_strength base=row.props.strength_base; mass=r.mass}} END
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated,
       count(CASE WHEN NOT created AND same THEN 1 END) AS unchanged
