// name: 08_interaction_id
// returns: schema
// params: none
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE
