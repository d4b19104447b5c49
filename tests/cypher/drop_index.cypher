// name: drop_index
// returns: write
// params: name
// tests/db/test_schema_start.py: a database as it is before relmap's first start.
DROP INDEX $name IF EXISTS
