// name: load_interactions
// returns: write
// params: rows
UNWIND $rows AS row
CREATE (i:Interaction)
SET i = row.props
WITH i, row
UNWIND row.pids AS pid
MATCH (p:Person {id: pid})
CREATE (p)-[:PARTICIPATED_IN]->(i)
