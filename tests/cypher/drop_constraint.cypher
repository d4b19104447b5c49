// name: drop_constraint
// returns: write
// params: name
// tests/db/test_schema_start.py: a database as it is before relmap's first start.
DROP CONSTRAINT $name IF EXISTS
