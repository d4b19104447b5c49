// name: ping
// returns: one
// params: none
// Readiness probe: the database answers, and which constraints it has (by name), so that
// app/db/schema_gate.py can tell whether every one of relmap's is in place.
SHOW CONSTRAINTS YIELD name
RETURN collect(name) AS constraints
