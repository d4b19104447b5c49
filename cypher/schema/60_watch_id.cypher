// name: 60_watch_id
// returns: schema
// params: none
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE
