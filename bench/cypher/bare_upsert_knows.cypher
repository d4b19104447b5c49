// name: bare_upsert_knows
// returns: write
// params: rows, init, now
// bench/online_import.py's bare driver: one MERGE per row of a KNOWS edge, written as the app's
// import writes it (cypher/imports/claim_person_peers.cypher creates a new one, then
// update_claimed_person_peers.cypher updates an existing one), with the endpoints found by
// external_id in the same statement, and nothing else: no key lookup before it, no stored state
// read, no change recorded, no per-row report. rows: [{s, t, props}] with the props the import
// stores for a new edge.
UNWIND $rows AS row
MATCH (s:Person {external_id: row.s})
MATCH (t:Person {external_id: row.t})
MERGE (s)-[r:KNOWS]-(t)
  ON CREATE SET r += $init, r.id = randomUUID(), r.created_at = $now, r.updated_at = $now
SET r += row.props
