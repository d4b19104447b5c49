// name: count_labelled
// returns: one
// params: label, key
// tests/db/test_schema_twins.py: the key values of the nodes that carry $label, one per node.
MATCH (n:$($label))
RETURN collect(n[$key]) AS keys
