// name: 15_rel_knows_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_knows_id IF NOT EXISTS FOR ()-[r:KNOWS]-() REQUIRE r.id IS UNIQUE
