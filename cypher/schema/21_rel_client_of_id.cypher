// name: 21_rel_client_of_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_client_of_id IF NOT EXISTS FOR ()-[r:CLIENT_OF]-() REQUIRE r.id IS UNIQUE
