// name: 16_rel_reports_to_id
// returns: schema
// params: none
CREATE CONSTRAINT rel_reports_to_id IF NOT EXISTS FOR ()-[r:REPORTS_TO]-() REQUIRE r.id IS UNIQUE
