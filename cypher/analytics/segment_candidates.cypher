// name: segment_candidates
// returns: many
// params: f, limit
// The people a dynamic segment's filter may keep (app/analytics/dynamic.py checks attributes
// and team strength on them), by name then id. f: {tags_all[], tags_any[], location (lower
// case), industry (lower case), role, company_ids[], touched_after, untouched_since}; a null
// entry or an empty list is off. A current job: a WORKS_AT without `until`, not ended.
// Touched: took part in an interaction at or after touched_after; untouched: in none at or
// after untouched_since.
MATCH (p:Person)
WHERE ($f.location IS NULL OR toLower(trim(p.location)) = $f.location)
  AND all(t IN $f.tags_all WHERE t IN coalesce(p.tags, []))
  AND (size($f.tags_any) = 0 OR any(t IN $f.tags_any WHERE t IN coalesce(p.tags, [])))
  AND (size($f.company_ids) = 0 OR EXISTS {
    MATCH (p)-[w:WORKS_AT]->(c:Company)
    WHERE c.id IN $f.company_ids AND w.until IS NULL AND coalesce(w.current, true)
  })
  AND ($f.role IS NULL AND $f.industry IS NULL OR EXISTS {
    MATCH (p)-[w:WORKS_AT]->(c:Company)
    WHERE w.until IS NULL AND coalesce(w.current, true)
      AND ($f.role IS NULL OR w.role = $f.role)
      AND ($f.industry IS NULL OR toLower(trim(c.industry)) = $f.industry)
  })
  AND ($f.touched_after IS NULL OR EXISTS {
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction) WHERE i.occurred_at >= $f.touched_after
  })
  AND ($f.untouched_since IS NULL OR NOT EXISTS {
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction) WHERE i.occurred_at >= $f.untouched_since
  })
RETURN p.id AS id, p.name AS name, p.attributes_json AS attributes_json
ORDER BY name, id
LIMIT $limit
