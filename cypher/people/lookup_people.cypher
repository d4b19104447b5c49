// name: lookup_people
// returns: many
// params: email, external_id, f, page, limit
// People found by exact email (an email_key) or external_id through their unique indexes, then
// narrowed by every filter of $f (so both given must both hold), in the order of $page (its
// sort key, then id). A null key seeks nothing.
// Aliases (a merged duplicate's emails and external ids, kept on the survivor) are found too:
// a branch per alias list, an index scan of the people that hold any (IS NOT NULL), and
// person_filter matches aliases as well.
CALL () {
  MATCH (p:Person) WHERE p.email_key = $email
  RETURN p
  UNION
  MATCH (p:Person) WHERE p.external_id = $external_id
  RETURN p
  UNION
  MATCH (p:Person) WHERE p.alias_emails IS NOT NULL AND $email IS NOT NULL
    AND any(a IN p.alias_emails WHERE toLower(a) = $email)
  RETURN p
  UNION
  MATCH (p:Person) WHERE p.alias_external_ids IS NOT NULL AND $external_id IN p.alias_external_ids
  RETURN p
}
WITH p
WHERE {{person_filter p=p; f=$f}}
WITH p, {{sort_key n=p; by=$page.by}} AS k
WHERE {{after_key key=k; id=p.id; page=$page}}
RETURN {{person_fields p=p}} AS person, k
ORDER BY CASE WHEN $page.desc THEN null ELSE k END, CASE WHEN $page.desc THEN null ELSE p.id END,
  CASE WHEN $page.desc THEN k END DESC, CASE WHEN $page.desc THEN p.id END DESC
LIMIT $limit
