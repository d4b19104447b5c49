// name: list_people_at_company
// returns: many
// params: company_id, after, tag, is_team, limit
// Current employees (WORKS_AT with current not false) of one company, keyset page in id order.
MATCH (:Company {id: $company_id})<-[w:WORKS_AT]-(p:Person)
WHERE coalesce(w.current, true)
  AND ($after IS NULL OR p.id > $after)
  AND ($tag IS NULL OR $tag IN p.tags)
  AND ($is_team IS NULL OR p.is_team = $is_team)
WITH DISTINCT p
RETURN p {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, .created_at, .updated_at} AS person
ORDER BY p.id
LIMIT $limit
