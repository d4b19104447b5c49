// name: shortest_paths
// returns: one
// params: from_id, to_id, types, min_strength, max_hops, limit
// Every shortest path (at most $limit of them) between two nodes of any label within
// $max_hops (<= 8, the API's bound) over edges of $types whose stored strength is at least
// $min_strength (an upper bound of the current one: the caller judges each edge exactly).
// One row: ends (both nodes exist), found (shortest paths read, of any length), edges as lists [id, type, source id, target id, strength_base,
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
OPTIONAL MATCH p = allShortestPaths((a)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED*1..8]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}})
// the hop bound after the search, not in its WHERE: a length predicate there makes Neo4j fall
// back to enumerating every path of up to 8 hops when the shortest ones are too long
WITH p LIMIT $limit
WITH count(*) > 0 AS ends, count(p) AS found,
     collect(CASE WHEN length(p) <= $max_hops THEN p END) AS paths
CALL (paths) {
  UNWIND paths AS p
  UNWIND relationships(p) AS r
  WITH DISTINCT r
  RETURN collect([r.id, type(r), startNode(r).id, endNode(r).id, r.strength_base, r.strength_source, r.strength, r.mass, r.mass_at, toString(r.last_interaction_at), r.interaction_count, r.created_at]) AS edges
}
CALL (paths) {
  UNWIND paths AS p
  UNWIND nodes(p) AS m
  WITH DISTINCT m
  RETURN collect([m.id, m.name, m.title, m.is_team, m.domain, m.industry, CASE WHEN m:Person THEN 'Person' WHEN m:Company THEN 'Company' ELSE 'Event' END]) AS nodes
}
RETURN ends, found, CASE WHEN size(paths) = 0 THEN null ELSE length(paths[0]) END AS hops, edges, nodes
