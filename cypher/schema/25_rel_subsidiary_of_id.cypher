// name: 25_rel_subsidiary_of_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_subsidiary_of_id IF NOT EXISTS FOR ()-[r:SUBSIDIARY_OF]-() REQUIRE r.id IS UNIQUE
