// name: search_people
// returns: many
// params: lucene, f, skip, limit
// Full-text match on name and email (accents and letter case ignored: the index folds them,
// app/common/text.py folds the words), best first; the filters of $f narrow it.
CALL db.index.fulltext.queryNodes('person_search_folded', $lucene) YIELD node AS p, score
WHERE {{person_filter p=p; f=$f}}
RETURN {{person_fields p=p}} AS person
ORDER BY score DESC, p.id
SKIP $skip
LIMIT $limit
