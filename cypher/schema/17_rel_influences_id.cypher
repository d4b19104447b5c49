// name: 17_rel_influences_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_influences_id IF NOT EXISTS FOR ()-[r:INFLUENCES]-() REQUIRE r.id IS UNIQUE
