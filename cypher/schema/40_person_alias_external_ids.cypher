// name: 40_person_alias_external_ids
// returns: schema
// params: none
// The people that hold aliases (a merged duplicate's external ids), found by an index scan
// (IS NOT NULL) instead of a scan of every Person: imports and lookups then test membership.
CREATE INDEX person_alias_external_ids IF NOT EXISTS FOR (p:Person) ON (p.alias_external_ids)
