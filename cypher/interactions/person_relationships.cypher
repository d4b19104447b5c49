// name: person_relationships
// returns: many
// params: person_id, limit
// Every relationship touching one person (either direction), with the node at the other end.
MATCH (p:Person {id: $person_id})-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|ATTENDED]-(o)
WITH p, r, o, startNode(r) AS s, endNode(r) AS t
ORDER BY r.strength DESC, r.id
LIMIT $limit
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel,
       o {.id, .name, label: CASE WHEN o:Person THEN 'Person' WHEN o:Company THEN 'Company' ELSE 'Event' END} AS other
