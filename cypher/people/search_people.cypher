// name: search_people
// returns: many
// params: lucene, f, skip, limit
// Full-text match on name and email (accents and letter case ignored: the index folds them,
// app/common/text.py folds the words), best first; the filters of $f narrow it.
CALL db.index.fulltext.queryNodes('person_search_folded', $lucene) YIELD node AS p, score
WHERE {{person_filter p=p; f=$f}}
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
ORDER BY score DESC, p.id
SKIP $skip
LIMIT $limit
