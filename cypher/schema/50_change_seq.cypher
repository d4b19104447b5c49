// name: 50_change_seq
// returns: schema
// params: none
// The change feed in commit order: (seq, idx) (cypher/state/bump_graph_version.cypher).
CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq, c.idx)
