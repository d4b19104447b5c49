// name: 18_rel_works_at_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_works_at_id IF NOT EXISTS FOR ()-[r:WORKS_AT]-() REQUIRE r.id IS UNIQUE
