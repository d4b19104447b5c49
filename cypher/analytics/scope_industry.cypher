// name: scope_industry
// returns: many
// params: industry
// Current employees of the companies of one industry (compared case-insensitively).
MATCH (c:Company)<-[w:WORKS_AT]-(p:Person)
WHERE toLower(c.industry) = toLower($industry) AND coalesce(w.current, true)
RETURN DISTINCT p.id AS id
