// name: merge_node_edges
// returns: many
// params: ref
// Every typed relationship of one node (either direction), with the node at the other end.
MATCH (n) WHERE elementId(n) = $ref
MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(o)
RETURN elementId(r) AS ref, type(r) AS type, properties(r) AS props,
       startNode(r) = n AS outgoing, elementId(o) AS other_ref, o.id AS other_id
