// name: update_job
// returns: one
// params: id, fields
// Progress, status and summary of a job, as its process goes.
MATCH (j:Job {id: $id})
SET j += $fields
RETURN j.id AS id
