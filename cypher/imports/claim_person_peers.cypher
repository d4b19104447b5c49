// name: claim_person_peers
// returns: one
// params: rows, init, now, fields
// types: KNOWS
// The first write of an import batch's edges of one type (Person - Person, symmetric: an edge
// either way is the same edge), one statement per type (name:TYPE); endpoints by id (the caller
// resolved the rows' keys). A row's edge is created if it does not exist, with the fields a new
// edge gets from the import (props: the row's fields and the import record, as app/imports/sync.py
// plans a new edge); one that exists is write-locked until the transaction ends and the stored
// values of $fields (what planning its update needs) returned, for the import to plan it
// (update_claimed_person_peers). MERGE locks both endpoints, so two imports creating the same edge
// at once make one edge. rows: [{i, s, t, id, props}], i the row's position in $rows, id the new
// edge's id (made by the caller: a created edge is told from a found one by its id, with no marker
// written and removed); init: the stored fields of a new edge before the row's own. Returns one row
// of two lists (a row per edge, or a map of every property, costs several times more to return):
// created [i] and found [[i, [value of each of $fields]]]; a row whose endpoint is gone is in
// neither.
UNWIND $rows AS row
MATCH (s:Person {id: row.s})
MATCH (t:Person {id: row.t})
MERGE (s)-[r:{{type}}]-(t)
  ON CREATE SET r += $init, r += row.props, r.id = row.id, r.created_at = $now,
    r.updated_at = $now,
    r.strength = CASE WHEN row.props.strength_base IS NULL THEN r.strength
      ELSE {{stored_strength base=row.props.strength_base; mass=r.mass}} END
  ON MATCH SET r._lock = true
WITH row, r, r.id = row.id AS created
REMOVE r._lock
RETURN collect(CASE WHEN created THEN row.i END) AS created,
       collect(CASE WHEN NOT created THEN [row.i, [k IN $fields | r[k]]] END) AS found
