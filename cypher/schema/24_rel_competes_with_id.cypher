// name: 24_rel_competes_with_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_competes_with_id IF NOT EXISTS FOR ()-[r:COMPETES_WITH]-() REQUIRE r.id IS UNIQUE
