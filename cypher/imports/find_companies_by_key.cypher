// name: find_companies_by_key
// returns: many
// params: keys, domain_keys, names
// The company each employer key of a people row names: by external_id, else by domain (keys
// lower-cased as domain_keys, in the same order), else by exact name (every company with
// that name; more than one is ambiguous).
CALL () {
  UNWIND range(0, size($keys) - 1) AS i
  OPTIONAL MATCH (a:Company {external_id: $keys[i]})
  OPTIONAL MATCH (b:Company {domain_key: $domain_keys[i]})
  WITH i, a, b WHERE a IS NOT NULL OR b IS NOT NULL
  RETURN $keys[i] AS key, 'key' AS how, [coalesce(a, b).id] AS ids
  UNION ALL
  MATCH (c:Company) WHERE c.name IN $names
  RETURN c.name AS key, 'name' AS how, collect(c.id) AS ids
}
RETURN key, how, ids
