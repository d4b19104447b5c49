// name: create_person
// returns: one
// params: props
// props: every stored property, including id, email_key and timestamps.
CREATE (p:Person)
SET p = $props
SET p += {{order_keys n=p}}
RETURN {{person_fields p=p}} AS person
