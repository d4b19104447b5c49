// name: 33_event_external_id
// returns: schema
// params: none
// An imported event is keyed by its external_id (upsert_events MERGEs on it): unique, so two
// imports of the same new event at once make one node (without it each MERGE could create
// its own), and a key is found by an index seek, not a scan of every Event.
CREATE CONSTRAINT event_external_id IF NOT EXISTS FOR (e:Event) REQUIRE e.external_id IS UNIQUE
