// name: bump_graph_version
// returns: one
// params: changes
// The graph version: one counter, moved on by every write transaction in the same transaction
// (app/db/database.py), so a cache keyed by it is exact in every API process. Run last in its
// transaction, so the counter's lock is held only for the commit, and taken after every other
// lock (no deadlock can go through it). Write transactions therefore commit in version order:
// the changes the transaction recorded ($changes: [{id, type, data (JSON text)}], the outbox)
// are written here with seq = the new version and idx = their place in it, so (seq, idx) is
// commit order (the change feed, docs/changes.md).
MERGE (v:GraphVersion {key: 'graph'})
ON CREATE SET v.version = 0
SET v.version = v.version + 1
WITH v, datetime.realtime() AS at
FOREACH (i IN range(0, size($changes) - 1) |
  CREATE (:Change {
    seq: v.version,
    idx: i,
    id: $changes[i].id,
    type: $changes[i].type,
    data: $changes[i].data,
    occurred_at: at
  })
)
RETURN v.version AS version
