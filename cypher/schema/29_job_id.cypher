// name: 29_job_id
// returns: schema
// params: none
CREATE CONSTRAINT job_id IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE
