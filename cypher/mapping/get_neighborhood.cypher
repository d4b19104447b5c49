// name: get_neighborhood
// returns: one
// params: id, label, types, min_strength, depth, limit, rows, root_rows, rim_rows
// A neighborhood's candidates in one round trip: the ball around the root ($label 'Person' or
// 'Company') grown level by level (at most 3, the API's bound) over edges of $types whose
// stored strength is at least $min_strength (an upper bound of the current one), and every such
// edge among the ball's nodes. Growth stops after the level that takes the ball past $limit
// nodes: app/mapping/neighborhood.py keeps the strongest ties of that level, so nothing beyond
// it can be kept. Levels are found by grouping (each node's smallest level), and the edges
// among the last level (the rim) as the edges met from both of their ends: no list membership.
// No row when the root does not exist. One row: over (a step read more than $rows edges, or the
// root alone more than $root_rows: the caller reads level by level, strongest first, instead),
// expanded (how many levels had all their edges read), rim_read (the edges among the last
// level's nodes are in; not for a rim of more than $rim_rows edges or far bigger than $limit),
// nodes as lists [id, level, name, title, is_team, domain, industry, label] and edges as lists
// [id, type, source id, target id, strength_base, mass, mass_at, last_interaction_at].
CALL () {
  MATCH (n:Person {id: $id}) WHERE $label = 'Person' RETURN n
  UNION
  MATCH (n:Company {id: $id}) WHERE $label = 'Company' RETURN n
}
WITH n AS root, [[n, 0]] AS seen, [n] AS front, [] AS rels, true AS go, false AS over, 0 AS expanded
// level 1
CALL (seen, front, go) {
  UNWIND CASE WHEN go THEN front ELSE [] END AS a
  MATCH (a)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}}
  WITH r, m LIMIT $root_rows + 1
  WITH collect(r) AS rs, collect(DISTINCT m) AS ms
  CALL (seen, ms) {
    UNWIND seen + [m IN ms | [m, 9]] AS pair
    WITH pair[0] AS n, min(pair[1]) AS level
    WHERE level = 9
    RETURN collect(n) AS new
  }
  RETURN rs, new
}
WITH root, seen + [n IN new | [n, 1]] AS seen, CASE WHEN go THEN new ELSE front END AS front,
     rels + rs AS rels, go, over OR size(rs) > $root_rows AS over, expanded + CASE WHEN go THEN 1 ELSE 0 END AS expanded
WITH root, seen, front, rels, over, expanded,
     go AND NOT over AND $depth > 1 AND size(front) > 0 AND size(seen) <= $limit AS go
// level 2
CALL (seen, front, go) {
  UNWIND CASE WHEN go THEN front ELSE [] END AS a
  MATCH (a)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}}
  WITH r, m LIMIT $rows + 1
  WITH collect(r) AS rs, collect(DISTINCT m) AS ms
  CALL (seen, ms) {
    UNWIND seen + [m IN ms | [m, 9]] AS pair
    WITH pair[0] AS n, min(pair[1]) AS level
    WHERE level = 9
    RETURN collect(n) AS new
  }
  RETURN rs, new
}
WITH root, seen + [n IN new | [n, 2]] AS seen, CASE WHEN go THEN new ELSE front END AS front,
     rels + rs AS rels, go, over OR size(rs) > $rows AS over, expanded + CASE WHEN go THEN 1 ELSE 0 END AS expanded
WITH root, seen, front, rels, over, expanded,
     go AND NOT over AND $depth > 2 AND size(front) > 0 AND size(seen) <= $limit AS go
// level 3
CALL (seen, front, go) {
  UNWIND CASE WHEN go THEN front ELSE [] END AS a
  MATCH (a)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}}
  WITH r, m LIMIT $rows + 1
  WITH collect(r) AS rs, collect(DISTINCT m) AS ms
  CALL (seen, ms) {
    UNWIND seen + [m IN ms | [m, 9]] AS pair
    WITH pair[0] AS n, min(pair[1]) AS level
    WHERE level = 9
    RETURN collect(n) AS new
  }
  RETURN rs, new
}
WITH root, seen + [n IN new | [n, 3]] AS seen, CASE WHEN go THEN new ELSE front END AS front,
     rels + rs AS rels, over OR size(rs) > $rows AS over, expanded + CASE WHEN go THEN 1 ELSE 0 END AS expanded
// the rim: the edges between two of its nodes (met once from each end), unless it is far
// bigger than what can be kept of it (the caller then reads them among the nodes it kept)
WITH seen, front, rels, over, expanded, NOT over AND size(seen) <= 4 * $limit AS rim_read
CALL (front, rim_read) {
  UNWIND CASE WHEN rim_read THEN front ELSE [] END AS a
  MATCH (a)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-()
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}}
  WITH r LIMIT $rim_rows + 1
  WITH collect(r) AS rs
  CALL (rs) {
    UNWIND rs AS r
    WITH r, count(*) AS ends
    WHERE ends > 1
    RETURN collect(r) AS among
  }
  RETURN size(rs) > $rim_rows AS rim_over, among
}
// nor a rim with more than $rim_rows edges: the caller reads the edges among the rim nodes it kept
WITH seen, rels + CASE WHEN rim_over THEN [] ELSE among END AS rels, over, expanded,
     rim_read AND NOT rim_over AS rim_read
CALL (rels, over) {
  UNWIND CASE WHEN over THEN [] ELSE rels END AS r
  WITH DISTINCT r
  RETURN collect([r.id, type(r), startNode(r).id, endNode(r).id, r.strength_base, r.mass, r.mass_at, toString(r.last_interaction_at)]) AS edges
}
CALL (seen, over) {
  UNWIND CASE WHEN over THEN [] ELSE seen END AS pair
  WITH pair[0] AS m, pair[1] AS level
  RETURN collect([m.id, level, m.name, m.title, m.is_team, m.domain, m.industry, CASE WHEN m:Person THEN 'Person' WHEN m:Company THEN 'Company' ELSE 'Event' END]) AS nodes
}
RETURN over, expanded, rim_read, nodes, edges
