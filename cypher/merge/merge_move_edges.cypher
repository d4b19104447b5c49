// name: merge_move_edges
// returns: write
// params: survivor_ref, moves
// moves: [{ref, type, outgoing, other_ref}]; each edge is re-made on the survivor with the same
// type (from the RelType enum, checked by the caller), direction and properties (id included),
// the old one deleted first so the id constraint never sees two.
MATCH (s) WHERE elementId(s) = $survivor_ref
UNWIND $moves AS m
MATCH ()-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]->()
WHERE elementId(r) = m.ref
MATCH (o) WHERE elementId(o) = m.other_ref
WITH s, o, m, r, properties(r) AS props
DELETE r
WITH s, o, m, props
FOREACH (_ IN CASE WHEN m.outgoing THEN [1] ELSE [] END |
  CREATE (s)-[n:$(m.type)]->(o) SET n = props)
FOREACH (_ IN CASE WHEN m.outgoing THEN [] ELSE [1] END |
  CREATE (o)-[n:$(m.type)]->(s) SET n = props)
