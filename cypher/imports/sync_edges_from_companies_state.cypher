// name: sync_edges_from_companies_state
// returns: many
// params: rows, type, symmetric
// The edges of one type from Company nodes an import is about to write, write-locked until its
// transaction ends, with every stored property. rows: [{s, t}] by id; $type comes from the
// RelType enum; a symmetric type's edge is found in either direction. Edges that do not
// exist yet are absent.
UNWIND $rows AS row
MATCH (s:Company {id: row.s})-[r]-(t)
WHERE t.id = row.t AND type(r) = $type AND ($symmetric OR startNode(r) = s)
SET r._lock = true
REMOVE r._lock
RETURN row.s AS s, row.t AS t, properties(r) AS rel
