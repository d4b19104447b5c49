// name: count_graph
// returns: one
// params: none
// A cheap fingerprint of the projection (served from Neo4j's count store, no scan), and the
// graph version (cypher/state/bump_graph_version.cypher) that every write moves on.
CALL () { OPTIONAL MATCH (v:GraphVersion {key: 'graph'}) RETURN coalesce(v.version, 0) AS version }
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (c:Company) RETURN count(c) AS companies }
CALL () { MATCH ()-[r:KNOWS]->() RETURN count(r) AS knows }
CALL () { MATCH ()-[r:REPORTS_TO]->() RETURN count(r) AS reports_to }
CALL () { MATCH ()-[r:INFLUENCES]->() RETURN count(r) AS influences }
CALL () { MATCH ()-[r:WORKS_AT]->() RETURN count(r) AS works_at }
RETURN version, people, companies, knows, reports_to, influences, works_at
