// name: merge_finish
// returns: one
// params: survivor_ref, duplicate_ref, props
// Deletes the (now bare) duplicate, then gives the survivor its merged properties: in this
// order, so the duplicate's unique keys (email, domain, external_id) are free to move over.
MATCH (d) WHERE elementId(d) = $duplicate_ref
DETACH DELETE d
WITH count(*) AS gone
MATCH (s) WHERE elementId(s) = $survivor_ref
SET s = $props
SET s += {{order_keys n=s}}
RETURN properties(s) AS node
