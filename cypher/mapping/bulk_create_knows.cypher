// name: bulk_create_knows
// returns: write
// params: rows
// Test and benchmark loading only: KNOWS edges {source_id, target_id, props} with full props.
UNWIND $rows AS row
MATCH (a:Person {id: row.source_id})
MATCH (b:Person {id: row.target_id})
CREATE (a)-[r:KNOWS]->(b)
SET r = row.props
