// name: 20_rel_invested_in_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_invested_in_id IF NOT EXISTS FOR ()-[r:INVESTED_IN]-() REQUIRE r.id IS UNIQUE
