// name: 26_rel_attended_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_attended_id IF NOT EXISTS FOR ()-[r:ATTENDED]-() REQUIRE r.id IS UNIQUE
