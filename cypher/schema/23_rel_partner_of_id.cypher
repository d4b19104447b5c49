// name: 23_rel_partner_of_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_partner_of_id IF NOT EXISTS FOR ()-[r:PARTNER_OF]-() REQUIRE r.id IS UNIQUE
