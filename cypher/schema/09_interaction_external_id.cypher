// name: 09_interaction_external_id
// returns: schema
// params: none
CREATE CONSTRAINT interaction_external_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.external_id IS UNIQUE
