// name: load_companies
// returns: write
// params: rows
UNWIND $rows AS row
CREATE (c:Company)
SET c = row
