// name: 13_0_drop_person_search
// returns: schema
// params: none
// The first person full-text index (default analyzer: accents counted) makes way for
// person_search_folded (13_person_search); a no-op once it is gone.
DROP INDEX person_search IF EXISTS
