// name: bulk_create_people
// returns: write
// params: rows
// Test and benchmark loading only: people with every stored property given (id, timestamps...).
UNWIND $rows AS row
CREATE (p:Person)
SET p = row
SET p += {{order_keys n=p}}
