// name: person_filter
// returns: fragment
// params: p, f
// Whether person p passes the list filters of the map f (app/people/filters.py makes it; a null
// entry, or an empty list, is off): email (an email_key), external_id, is_team, location (both
// sides lower case), tags (every one), attrs (per `attr.<key>=` filter, the JSON texts of which
// one must occur in attributes_json: a prefilter, app/people/filters.py checks the parsed value
// exactly), company_id (a current WORKS_AT there), role and industry (both of one current
// WORKS_AT: its role, its company's industry, lower case).
// email and external_id also match a merged duplicate's, kept as aliases on the survivor.
({{f}}.email IS NULL OR {{p}}.email_key = {{f}}.email
  OR any(a IN coalesce({{p}}.alias_emails, []) WHERE toLower(a) = {{f}}.email))
AND ({{f}}.external_id IS NULL OR {{p}}.external_id = {{f}}.external_id
  OR {{f}}.external_id IN coalesce({{p}}.alias_external_ids, []))
AND ({{f}}.is_team IS NULL OR coalesce({{p}}.is_team, false) = {{f}}.is_team)
AND ({{f}}.location IS NULL OR toLower({{p}}.location) = {{f}}.location)
AND all(t IN {{f}}.tags WHERE t IN coalesce({{p}}.tags, []))
AND all(texts IN {{f}}.attrs WHERE any(s IN texts WHERE {{p}}.attributes_json CONTAINS s))
AND ({{f}}.company_id IS NULL OR EXISTS {
  MATCH ({{p}})-[fw:WORKS_AT]->(:Company {id: {{f}}.company_id}) WHERE coalesce(fw.current, true)
})
AND ({{f}}.role IS NULL AND {{f}}.industry IS NULL OR EXISTS {
  MATCH ({{p}})-[fw:WORKS_AT]->(fc:Company)
  WHERE fw.until IS NULL AND coalesce(fw.current, true)
    AND ({{f}}.role IS NULL OR fw.role = {{f}}.role)
    AND ({{f}}.industry IS NULL OR toLower(fc.industry) = {{f}}.industry)
})
