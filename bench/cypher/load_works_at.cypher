// name: load_works_at
// returns: write
// params: rows
UNWIND $rows AS row
MATCH (s:Person {id: row.s})
MATCH (t:Company {id: row.t})
CREATE (s)-[r:WORKS_AT]->(t)
SET r = row.props
