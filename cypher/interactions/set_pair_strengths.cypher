// name: set_pair_strengths
// returns: many
// params: pairs, now, new_edge
// After a correction, each pair's KNOWS edge gets the interaction fields recomputed from its
// whole history: pairs [{a, b, rel_id, mass, mass_at, last_at, count}] (a.id < b.id; mass and
// mass_at null when count is 0). An absent edge is made (with $new_edge's fields) for a pair
// that has interactions. The edge is write-locked (SET _lock) before its base is read. An edge
// that interactions alone made (source interactions, base 0) and that has none left is
// deleted; a hand-set or default base stays, at its base. Returns the edges that remain.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})
MATCH (b:Person {id: pair.b})
OPTIONAL MATCH (a)-[e:KNOWS]-(b)
WITH a, b, pair, head(collect(e)) AS existing
FOREACH (_ IN CASE WHEN existing IS NULL AND pair.count > 0 THEN [1] ELSE [] END |
  CREATE (a)-[n:KNOWS]->(b)
  SET n += $new_edge, n.id = pair.rel_id, n.created_at = $now, n.updated_at = $now
)
WITH a, b, pair
OPTIONAL MATCH (a)-[r:KNOWS]-(b)
WITH pair, head(collect(r)) AS k
WHERE k IS NOT NULL
SET k._lock = true
REMOVE k._lock
WITH pair, k,
     pair.count = 0 AND k.strength_source = 'interactions'
       AND coalesce(k.strength_base, 0.0) = 0.0 AS bare
FOREACH (_ IN CASE WHEN bare THEN [1] ELSE [] END | DELETE k)
WITH pair, k WHERE NOT bare
SET k.mass = pair.mass,
    k.mass_at = pair.mass_at,
    k.strength = {{stored_strength base=coalesce(k.strength_base, 0.0); mass=pair.mass}},
    k.last_interaction_at = pair.last_at,
    k.interaction_count = pair.count,
    k.updated_at = $now
WITH k, startNode(k) AS s, endNode(k) AS t
RETURN k {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(k), source_id: s.id, target_id: t.id} AS rel
