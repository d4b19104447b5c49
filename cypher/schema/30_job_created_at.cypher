// name: 30_job_created_at
// returns: schema
// params: none
CREATE INDEX job_created_at IF NOT EXISTS FOR (j:Job) ON (j.created_at)
