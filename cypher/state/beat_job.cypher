// name: beat_job
// returns: one
// params: id, fields
// A live job's heartbeat, with its progress since the last one (app/db/jobs.py); a job that
// has ended is left as it ended.
MATCH (j:Job {id: $id})
WHERE j.status IN ['queued', 'running']
SET j += $fields
RETURN j.id AS id
