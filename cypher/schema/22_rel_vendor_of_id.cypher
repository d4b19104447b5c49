// name: 22_rel_vendor_of_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_vendor_of_id IF NOT EXISTS FOR ()-[r:VENDOR_OF]-() REQUIRE r.id IS UNIQUE
