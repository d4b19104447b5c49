// name: list_cooling_relationships
// returns: many
// params: min_strength, cutoff, team_only, now_s, half_lives_s, after_strength, after_id, limit
// KNOWS edges that were strong (r.strength: the strength at their newest interaction) and have
// had no interaction since the cutoff, by their current (decayed, at now_s) strength, then id.
// The page is cut before the edges are projected, so only `limit` rows are built.
MATCH (s:Person)-[r:KNOWS]->(t:Person)
WHERE r.strength >= $min_strength
  AND r.last_interaction_at <= $cutoff
  AND (NOT $team_only OR coalesce(s.is_team, false) OR coalesce(t.is_team, false))
WITH r, coalesce(r.mass, []) AS mass, r.mass_at AS mass_at
WITH r,
     {{strength_at base=coalesce(r.strength_base, 0.0); mass=mass; mass_at=mass_at; at_s=$now_s; half_lives_s=$half_lives_s}} AS current
WHERE $after_strength IS NULL OR current < $after_strength
   OR (current = $after_strength AND r.id > $after_id)
WITH r, current
ORDER BY current DESC, r.id
LIMIT $limit
WITH r, current, startNode(r) AS s, endNode(r) AS t
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .strength, last_interaction_at: toString(r.last_interaction_at), .interaction_count, created_at: toString(r.created_at), updated_at: toString(r.updated_at), type: type(r), source_id: s.id, target_id: t.id, current: current} AS rel
ORDER BY current DESC, r.id
