// name: load_person_relationships
// returns: write
// params: rows, type
// Person-to-person edges of one type (from the RelType enum), endpoints by indexed id.
UNWIND $rows AS row
MATCH (s:Person {id: row.s})
MATCH (t:Person {id: row.t})
CREATE (s)-[r:$($type)]->(t)
SET r = row.props
