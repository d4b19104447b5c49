// name: 28_graph_version_key
// returns: schema
// params: none
CREATE CONSTRAINT graph_version_key IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.key IS UNIQUE
