// name: twins_graph_version_key
// returns: one
// params: none
// The graph version: the highest is kept, so that it never goes back (caches are keyed by it).
// Run only when creating the graph_version_key constraint failed on duplicates
// (Database.apply_schema): nodes MERGEd on their key while it was missing (a database
// replaced under running processes). One of each key is kept, the rest deleted.
MATCH (n:GraphVersion)
WITH n ORDER BY n.version IS NULL, n.version DESC
WITH n.key AS key, collect(n) AS copies
WHERE size(copies) > 1
UNWIND tail(copies) AS extra
DETACH DELETE extra
RETURN count(extra) AS removed
