// name: shortest_paths
// returns: one
// params: from_id, to_id, types, min_strength, limit
// hops: 1, 2, 3, 4, 5, 6, 7, 8
// Every shortest path (at most $limit of them) between two nodes of any label within the
// asked max_hops (one statement per bound, shortest_paths:N; the API's bound is 8) over edges
// of $types whose stored strength is at least $min_strength (an upper bound of the current
// one: the caller judges each edge exactly). The bound is in the pattern, so the search stops
// there: with the widest bound in the pattern and the asked one checked afterwards, two people
// 5 or 6 hops apart cost a search of that depth to answer "no path of at most 4 hops"
// (bench/notes.md, the thirteenth session).
// One row: ends (both nodes exist), found (shortest paths read), edges as lists [id, type, source id, target id, strength_base,
// strength_source, strength, mass, mass_at, last_interaction_at, interaction_count,
// created_at] and nodes as lists [id, name, title, is_team, domain, industry, label], each
// once; app/mapping/paths.py runs the strength tie-break on them (app/graph/search.py).
CALL () {
  MATCH (n:Person {id: $from_id}) RETURN n
  UNION
  MATCH (n:Company {id: $from_id}) RETURN n
  UNION
  MATCH (n:Event {id: $from_id}) RETURN n
}
WITH n AS a
CALL () {
  MATCH (n:Person {id: $to_id}) RETURN n
  UNION
  MATCH (n:Company {id: $to_id}) RETURN n
  UNION
  MATCH (n:Event {id: $to_id}) RETURN n
}
WITH a, n AS b
// the hop bound in the pattern, never in the WHERE: a length predicate there makes Neo4j fall
// back to enumerating every path when the shortest ones are too long
OPTIONAL MATCH p = allShortestPaths((a)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED*1..{{hops}}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}})
WITH p LIMIT $limit
WITH count(*) > 0 AS ends, count(p) AS found, collect(p) AS paths
CALL (paths) {
  UNWIND paths AS p
  UNWIND relationships(p) AS r
  WITH DISTINCT r
  RETURN collect([r.id, type(r), startNode(r).id, endNode(r).id, r.strength_base, r.strength_source, r.strength, r.mass, r.mass_at, toString(r.last_interaction_at), r.interaction_count, toString(r.created_at)]) AS edges
}
CALL (paths) {
  UNWIND paths AS p
  UNWIND nodes(p) AS m
  WITH DISTINCT m
  RETURN collect([m.id, m.name, m.title, m.is_team, m.domain, m.industry, CASE WHEN m:Person THEN 'Person' WHEN m:Company THEN 'Company' ELSE 'Event' END]) AS nodes
}
RETURN ends, found, CASE WHEN size(paths) = 0 THEN null ELSE length(paths[0]) END AS hops, edges, nodes
