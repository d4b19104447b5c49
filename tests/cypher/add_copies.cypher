// name: add_copies
// returns: write
// params: label, key, value, copies
// tests/db/test_schema_twins.py: $copies nodes labelled $label with one value of their key
// property, as processes writing while its constraint was missing could leave them.
UNWIND range(1, $copies) AS i
CREATE (n:$($label))
SET n[$key] = $value
