// name: get_graph_version
// returns: one
// params: none
// The graph version now (0 before the first write).
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
RETURN coalesce(v.version, 0) AS version
