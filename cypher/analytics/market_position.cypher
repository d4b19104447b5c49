// name: market_position
// returns: many
// params: none
// Our companies (where is_team people currently work) and the companies around them: those
// joined to one of ours by CLIENT_OF / VENDOR_OF / COMPETES_WITH, and those tagged client,
// vendor or competitor. kind = 'ours' | 'edge' | 'tag'; the service reads the direction.
CALL () {
  MATCH (:Person {is_team: true})-[w:WORKS_AT]->(us:Company)
  WHERE coalesce(w.current, true)
  RETURN collect(DISTINCT us) AS ours
}
CALL (ours) {
  UNWIND ours AS us
  RETURN us AS x, 'ours' AS kind, null AS type, null AS outgoing
  UNION
  UNWIND ours AS us
  MATCH (us)-[r:CLIENT_OF|VENDOR_OF|COMPETES_WITH]-(x:Company)
  WHERE NOT x IN ours
  RETURN x, 'edge' AS kind, type(r) AS type, startNode(r) = x AS outgoing
  UNION
  MATCH (x:Company)
  WHERE NOT x IN ours AND any(t IN coalesce(x.tags, []) WHERE toLower(t) IN ['client', 'vendor', 'competitor'])
  RETURN x, 'tag' AS kind, null AS type, null AS outgoing
}
RETURN x.id AS id, x.name AS name, x.industry AS industry, x.tags AS tags, kind, type, outgoing
