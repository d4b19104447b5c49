// name: update_company
// returns: one
// params: id, props
// A null in props removes that property. A node merged away or deleted while this waited for
// its lock reads back without an id: no row (a 404), not a half-empty one.
MATCH (c:Company {id: $id})
SET c += $props
WITH c
WHERE c.id IS NOT NULL
SET c += {{order_keys n=c}}
RETURN {{company_fields c=c}} AS company
