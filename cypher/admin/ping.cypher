// name: ping
// returns: one
// params: none
// Readiness probe: the database answers and the schema is in place.
SHOW CONSTRAINTS YIELD name
RETURN count(name) AS constraints
