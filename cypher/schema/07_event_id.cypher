// name: 07_event_id
// returns: schema
// params: none
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE
