// name: tagged_companies
// returns: many
// params: tags
// Companies carrying any of the given tags, compared in any letter case (relative_to=prospect,
// tag:<tag>), with the tags of theirs that matched.
UNWIND $tags AS wanted
MATCH (c:Company)
WHERE any(t IN coalesce(c.tags, []) WHERE toLower(t) = toLower(wanted))
RETURN c.id AS id, c.name AS name, collect(DISTINCT wanted) AS tags
ORDER BY id
