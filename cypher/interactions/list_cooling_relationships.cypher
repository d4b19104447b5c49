// name: list_cooling_relationships
// returns: one
// params: min_strength, cutoff, now_s, half_lives_s, after_strength, after_id, limit, scan
// KNOWS edges that were strong (r.strength: the strength at their newest interaction) and have
// had no interaction since the cutoff, by their current (decayed, at now_s) strength, then id.
// Only the `scan` strongest such edges by stored strength are read (index order, rel_knows_strength);
// the stored strength bounds the current one, so no unread edge is stronger now than `floor`,
// the weakest stored strength read (app/interactions/repository.py decides whether to read
// more). Returns one row: read (how many edges were read), floor, and rows: the first `limit`
// of those read after the cursor (after_strength, after_id), each [relationship, current].
MATCH ()-[r:KNOWS]->()
WHERE r.strength >= $min_strength
  AND r.last_interaction_at <= $cutoff
WITH r
ORDER BY r.strength DESC
LIMIT $scan
WITH r, coalesce(r.mass, []) AS mass, r.mass_at AS mass_at
WITH r,
     {{strength_at base=coalesce(r.strength_base, 0.0); mass=mass; mass_at=mass_at; at_s=$now_s; half_lives_s=$half_lives_s}} AS current
WITH collect([r, current]) AS read, min(r.strength) AS floor
CALL (read) {
  UNWIND read AS pair
  WITH pair[0] AS r, pair[1] AS current
  WHERE $after_strength IS NULL OR current < $after_strength
     OR (current = $after_strength AND r.id > $after_id)
  WITH r, current
  ORDER BY current DESC, r.id
  LIMIT $limit
  WITH r, current, startNode(r) AS s, endNode(r) AS t
  RETURN collect([{{relationship_fields r=r; s=s; t=t}}, r.strength, current]) AS rows
}
RETURN size(read) AS read, floor, rows
