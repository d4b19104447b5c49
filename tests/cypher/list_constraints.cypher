// name: list_constraints
// returns: many
// params: none
// tests/db/test_schema_start.py: the schema's rules, by name.
SHOW CONSTRAINTS YIELD name
RETURN name
