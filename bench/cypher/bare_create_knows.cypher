// name: bare_create_knows
// returns: write
// params: rows, init, now
// bench/online_import.py's bare driver, its fastest form: CREATE instead of MERGE (right only
// into a graph without these edges, as here; not an upsert), the same stored fields.
UNWIND $rows AS row
MATCH (s:Person {external_id: row.s})
MATCH (t:Person {external_id: row.t})
CREATE (s)-[r:KNOWS]->(t)
SET r += $init, r.id = randomUUID(), r.created_at = $now, r.updated_at = $now, r += row.props
