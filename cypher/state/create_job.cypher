// name: create_job
// returns: one
// params: id, kind, owner, at, fields
// A job record (import or analytics), owned by the API process that runs it. Jobs live in
// Neo4j so that every API process reads the same ones (app/db/jobs.py).
CREATE (j:Job {id: $id, kind: $kind, owner: $owner, status: 'queued', created_at: $at,
               heartbeat_at: $at})
SET j += $fields
RETURN j {.*} AS job
