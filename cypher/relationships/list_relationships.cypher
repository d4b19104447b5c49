// name: list_relationships
// returns: many
// params: types, after, limit
// Every relationship of the given types, keyset page in id order.
// Each type's first $limit after $after, read in order from its id index ('' comes before every
// id), then the first $limit of those: a page reads at most types x $limit edges (one
// pattern over every type made each page read and sort every edge of the graph).
CALL () {
  MATCH (s)-[r:KNOWS]->(t) WHERE 'KNOWS' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:REPORTS_TO]->(t) WHERE 'REPORTS_TO' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:INFLUENCES]->(t) WHERE 'INFLUENCES' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:WORKS_AT]->(t) WHERE 'WORKS_AT' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:ADVISES]->(t) WHERE 'ADVISES' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:INVESTED_IN]->(t) WHERE 'INVESTED_IN' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:CLIENT_OF]->(t) WHERE 'CLIENT_OF' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:VENDOR_OF]->(t) WHERE 'VENDOR_OF' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:PARTNER_OF]->(t) WHERE 'PARTNER_OF' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:COMPETES_WITH]->(t) WHERE 'COMPETES_WITH' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:SUBSIDIARY_OF]->(t) WHERE 'SUBSIDIARY_OF' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:ATTENDED]->(t) WHERE 'ATTENDED' IN $types AND r.id > coalesce($after, '')
  RETURN r, s, t ORDER BY r.id LIMIT $limit
}
WITH r, s, t
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel
ORDER BY r.id
LIMIT $limit
