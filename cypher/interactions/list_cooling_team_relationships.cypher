// name: list_cooling_team_relationships
// returns: one
// params: min_strength, cutoff, now_s, half_lives_s, after_strength, after_id, limit
// list_cooling_relationships for the edges touching an is_team person: read from the team's
// side (person_is_team), every one of them, so `read` and `floor` are absent.
MATCH (p:Person {is_team: true})-[r:KNOWS]-()
USING INDEX p:Person(is_team)
WHERE r.strength >= $min_strength
  AND r.last_interaction_at <= $cutoff
WITH DISTINCT r
WITH r, coalesce(r.mass, []) AS mass, r.mass_at AS mass_at
WITH r,
     {{strength_at base=coalesce(r.strength_base, 0.0); mass=mass; mass_at=mass_at; at_s=$now_s; half_lives_s=$half_lives_s}} AS current
WHERE $after_strength IS NULL OR current < $after_strength
   OR (current = $after_strength AND r.id > $after_id)
WITH r, current
ORDER BY current DESC, r.id
LIMIT $limit
WITH r, current, startNode(r) AS s, endNode(r) AS t
RETURN collect([{{relationship_fields r=r; s=s; t=t}}, r.strength, current]) AS rows
