// name: 19_rel_advises_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_advises_id IF NOT EXISTS FOR ()-[r:ADVISES]-() REQUIRE r.id IS UNIQUE
