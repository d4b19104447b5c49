// name: count_export_nodes
// returns: one
// params: none
// How many nodes a whole-graph export holds (people, companies and events; the label counts
// come from Neo4j's count store): app/imports/export_process.py builds large exports in a child
// process.
RETURN COUNT { (:Person) } + COUNT { (:Company) } + COUNT { (:Event) } AS nodes
