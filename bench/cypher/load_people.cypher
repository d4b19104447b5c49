// name: load_people
// returns: write
// params: rows
UNWIND $rows AS row
CREATE (p:Person)
SET p = row
