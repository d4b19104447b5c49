// name: bench_count_graph
// returns: one
// params: none
// The bench's graph: its people, companies and interactions and the relationships among them.
// What the app keeps for itself (scan state, watches, idempotency records, the graph version)
// is not counted, so a run that serves the app does not spoil the next run's --reuse.
CALL () { MATCH (n:Person|Company|Interaction) RETURN count(n) AS nodes }
CALL () {
  MATCH (:Person|Company|Interaction)-[r]->(:Person|Company|Interaction)
  RETURN count(r) AS relationships
}
RETURN nodes, relationships
