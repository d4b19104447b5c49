// name: list_relationships
// returns: many
// params: types, after, limit
// Every relationship of the given types, keyset page in id order.
// Each type's first $limit after $after, read in order from its id index ('' comes before every
// id), then the first $limit of those: a page reads at most types x $limit edges (one
// pattern over every type made each page read and sort every edge of the graph). A type not
// asked for seeks from a null bound, which finds nothing: as a filter beside the seek, it read
// that type's every edge looking for a first row (a page of KNOWS alone read 400k edges at M).
CALL () {
  MATCH (s)-[r:KNOWS]->(t) WHERE r.id > CASE WHEN 'KNOWS' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:REPORTS_TO]->(t) WHERE r.id > CASE WHEN 'REPORTS_TO' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:INFLUENCES]->(t) WHERE r.id > CASE WHEN 'INFLUENCES' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:WORKS_AT]->(t) WHERE r.id > CASE WHEN 'WORKS_AT' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:ADVISES]->(t) WHERE r.id > CASE WHEN 'ADVISES' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:INVESTED_IN]->(t) WHERE r.id > CASE WHEN 'INVESTED_IN' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:CLIENT_OF]->(t) WHERE r.id > CASE WHEN 'CLIENT_OF' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:VENDOR_OF]->(t) WHERE r.id > CASE WHEN 'VENDOR_OF' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:PARTNER_OF]->(t) WHERE r.id > CASE WHEN 'PARTNER_OF' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:COMPETES_WITH]->(t) WHERE r.id > CASE WHEN 'COMPETES_WITH' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:SUBSIDIARY_OF]->(t) WHERE r.id > CASE WHEN 'SUBSIDIARY_OF' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (s)-[r:ATTENDED]->(t) WHERE r.id > CASE WHEN 'ATTENDED' IN $types THEN coalesce($after, '') END
  RETURN r, s, t ORDER BY r.id LIMIT $limit
}
WITH r, s, t
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel
ORDER BY r.id
LIMIT $limit
