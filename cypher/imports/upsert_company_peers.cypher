// name: upsert_company_peers
// returns: one
// params: rows, init, now
// types: PARTNER_OF, COMPETES_WITH
// Bulk write of edges of one type (Company - Company, symmetric: an edge either way is the same edge), one statement per type
// (name:TYPE), as the import planned it (app/imports/sync.py); endpoints by id (the caller
// resolved the rows' keys). rows: [{s, t, props, touch}]: props holds only what changes (and
// the import record); touch: a field changes, so updated_at moves. init: the stored fields of a
// new edge. A written strength_base recomputes the stored strength.
UNWIND $rows AS row
MATCH (s:Company {id: row.s})
MATCH (t:Company {id: row.t})
MERGE (s)-[r:{{type}}]-(t)
  ON CREATE SET r += $init, r.id = randomUUID(), r.created_at = $now, r.updated_at = $now
SET r += row.props,
    r.updated_at = CASE WHEN row.touch THEN $now ELSE r.updated_at END,
    r.strength = CASE WHEN row.props.strength_base IS NULL THEN r.strength
      ELSE {{stored_strength base=row.props.strength_base; mass=r.mass}} END
RETURN count(*) AS written,
       collect(CASE WHEN r.created_at = $now THEN r.id END) AS created,
       collect(CASE WHEN r.created_at <> $now AND row.touch THEN r.id END) AS updated
