// name: expand_nodes
// returns: one
// params: ids, types, min_strength, limit
// The edges touching a frontier of nodes of any label, with the node at the other end.
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Person {id: id}) RETURN n
  UNION
  MATCH (n:Company {id: id}) RETURN n
  UNION
  MATCH (n:Event {id: id}) RETURN n
}
MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
WHERE type(r) IN $types AND r.strength >= $min_strength
WITH r, m, startNode(r) AS s, endNode(r) AS t
LIMIT $limit
RETURN collect({edge: r {.id, .strength_base, .strength_source, .strength, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, created_at: toString(r.created_at), type: type(r), source_id: s.id, target_id: t.id},
       other: m {.id, .name, .title, .is_team, .domain, .industry, label: CASE WHEN m:Person THEN 'Person' WHEN m:Company THEN 'Company' ELSE 'Event' END}}) AS rows
