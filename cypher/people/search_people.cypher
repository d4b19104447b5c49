// name: search_people
// returns: many
// params: lucene, company_id, tag, is_team, skip, limit
// Full-text match on name and email, best first; the other filters narrow it.
CALL db.index.fulltext.queryNodes('person_search', $lucene) YIELD node AS p, score
WHERE ($tag IS NULL OR $tag IN p.tags)
  AND ($is_team IS NULL OR p.is_team = $is_team)
  AND ($company_id IS NULL OR EXISTS {
    MATCH (p)-[w:WORKS_AT]->(:Company {id: $company_id}) WHERE coalesce(w.current, true)
  })
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
ORDER BY score DESC, p.id
SKIP $skip
LIMIT $limit
