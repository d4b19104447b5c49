// name: signal_accounts
// returns: many
// params: tags, limit
// Companies tagged as accounts ($tags, lower case: prospect, client) besides the clients the
// market finds, in id order; `limit` bounds the scan.
MATCH (c:Company)
WHERE any(t IN coalesce(c.tags, []) WHERE toLower(t) IN $tags)
RETURN c.id AS id
ORDER BY id
LIMIT $limit
