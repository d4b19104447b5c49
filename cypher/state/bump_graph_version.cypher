// name: bump_graph_version
// returns: one
// params: none
// The graph version: one counter, moved on by every write transaction in the same transaction
// (app/db/database.py), so a cache keyed by it is exact in every API process. Run last in its
// transaction, so the counter's lock is held only for the commit, and taken after every other
// lock (no deadlock can go through it).
MERGE (v:GraphVersion {key: 'graph'})
ON CREATE SET v.version = 0
SET v.version = v.version + 1
RETURN v.version AS version
