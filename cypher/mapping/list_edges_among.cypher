// name: list_edges_among
// returns: one
// params: ids, among, types, min_strength, limit, degree
// The edges from nodes in ids to nodes in among (the rim of a neighborhood, closed off), read
// from the smaller end: a node with more than $degree edges of the twelve types (a company's
// employees, an event's attendees; counted from the degree store) is never walked, its edges to
// a node of small degree are met from that node, and the edges between two such hubs are found
// by matching the pair. Reading a hub whole to find the few kept nodes among its thousands of
// neighbours was most of a neighborhood's time at M (bench/notes.md, seventeenth session).
// created_at travels as text (hydrating a driver DateTime per edge was a third of the rest).
CALL () {
  UNWIND $ids AS id
  CALL (id) {
    MATCH (n:Person {id: id}) RETURN n
    UNION
    MATCH (n:Company {id: id}) RETURN n
    UNION
    MATCH (n:Event {id: id}) RETURN n
  }
  WITH n, COUNT { (n)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-() } > $degree AS big
  RETURN collect(CASE WHEN big THEN null ELSE n END) AS small_from, collect(CASE WHEN big THEN n END) AS big_from
}
CALL () {
  UNWIND $among AS id
  CALL (id) {
    MATCH (n:Person {id: id}) RETURN n
    UNION
    MATCH (n:Company {id: id}) RETURN n
    UNION
    MATCH (n:Event {id: id}) RETURN n
  }
  WITH n, COUNT { (n)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-() } > $degree AS big
  RETURN collect(CASE WHEN big THEN null ELSE n END) AS small_to, collect(CASE WHEN big THEN n END) AS big_to
}
// from a small node of ids to any node of among
CALL (small_from, small_to, big_to) {
  WITH small_from, small_to + big_to AS to
  UNWIND small_from AS n
  MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}} AND m IN to
  RETURN collect(r) AS first
}
// from a small node of among to a hub of ids
CALL (small_to, big_from) {
  UNWIND CASE WHEN size(big_from) > 0 THEN small_to ELSE [] END AS n
  MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}} AND m IN big_from
  RETURN collect(r) AS second
}
// between a hub of ids and a hub of among
CALL (big_from, big_to) {
  UNWIND big_from AS a
  UNWIND big_to AS b
  WITH a, b
  // each pair once (a hub may be in both lists), and no hub with itself: a whole walk of it
  WHERE elementId(a) < elementId(b) OR (elementId(a) > elementId(b) AND NOT b IN big_from)
  MATCH (a)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(b)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}}
  RETURN collect(r) AS third
}
CALL (first, second, third) {
  UNWIND first + second + third AS r
  WITH DISTINCT r
  LIMIT $limit
  WITH r, startNode(r) AS s, endNode(r) AS t
  RETURN collect(r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, created_at: toString(r.created_at), type: type(r), source_id: s.id, target_id: t.id}) AS edges
}
RETURN edges
