// name: wipe_graph
// returns: write
// params: limit
// One batch of emptying the bench database: up to $limit nodes with their relationships, in
// a transaction of its own (bench/load.py wipe repeats it until none is left). One statement
// over the whole graph (CALL IN TRANSACTIONS) ran inside one outer transaction that the
// server's 60 s timeout cut short on M's graph on a slow machine.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
