// name: list_watches
// returns: many
// params: after, limit
// A keyset page of watches in id order (the API's list and the signal scan).
MATCH (w:Watch)
WHERE $after IS NULL OR w.id > $after
RETURN w {.*} AS watch
ORDER BY w.id
LIMIT $limit
