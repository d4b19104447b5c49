// name: update_person
// returns: one
// params: id, props
// A null in props removes that property. A node merged away or deleted while this waited for
// its lock reads back without an id: no row (a 404), not a half-empty one.
MATCH (p:Person {id: $id})
SET p += $props
WITH p
WHERE p.id IS NOT NULL
SET p += {{order_keys n=p}}
RETURN {{person_fields p=p}} AS person
