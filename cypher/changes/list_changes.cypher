// name: list_changes
// returns: many
// params: seq, idx, top, types, prefixes, limit
// Changes after position (seq, idx), up to seq $top (a committed graph version: every change
// at or below it has committed), in commit order. $types null: every type; else the types in
// $types and those starting with one of $prefixes ('relationship.').
MATCH (c:Change)
WHERE c.seq >= $seq AND c.seq <= $top
  AND (c.seq > $seq OR c.idx > $idx)
  AND ($types IS NULL OR c.type IN $types OR any(p IN $prefixes WHERE c.type STARTS WITH p))
RETURN c.id AS id, c.seq AS seq, c.idx AS idx, c.type AS type,
       toString(c.occurred_at) AS occurred_at, c.data AS data
ORDER BY c.seq, c.idx
LIMIT $limit
