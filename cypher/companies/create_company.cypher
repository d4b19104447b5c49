// name: create_company
// returns: one
// params: props
// props: every stored property, including id, domain_key and timestamps.
CREATE (c:Company)
SET c = $props
SET c += {{order_keys n=c}}
RETURN {{company_fields c=c}} AS company
