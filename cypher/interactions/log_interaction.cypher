// name: log_interaction
// returns: many
// params: id, kind, occurred_at, summary, sentiment, participant_count, external_id, now, participant_ids, pairs, kind_index, amount, at_s, half_lives_s
// One interaction, atomically: the node, its PARTICIPATED_IN edges, and for every pair of
// participants ({a, b, rel_id}, a.id < b.id) the KNOWS edge, created when absent (either
// direction counts as existing), write-locked (SET _lock) before its mass is read, then
// updated: the stored mass is decayed to the newer of (its time, the interaction's time) and
// the interaction's decayed contribution is added (docs/strength.md), so arrival order does
// not matter. r.strength is the strength at r.mass_at: an upper bound of every later one.
CREATE (i:Interaction {id: $id, kind: $kind, occurred_at: $occurred_at, summary: $summary,
                       sentiment: $sentiment, participant_count: $participant_count,
                       external_id: $external_id, created_at: $now})
WITH i
CALL (i) {
  UNWIND $participant_ids AS pid
  MATCH (p:Person {id: pid})
  CREATE (p)-[:PARTICIPATED_IN]->(i)
  RETURN count(p) AS linked
}
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})
MATCH (b:Person {id: pair.b})
OPTIONAL MATCH (a)-[e:KNOWS]-(b)
WITH a, b, pair, head(collect(e)) AS existing
FOREACH (_ IN CASE WHEN existing IS NULL THEN [1] ELSE [] END |
  MERGE (a)-[n:KNOWS]->(b)
    ON CREATE SET n.id = pair.rel_id, n.strength_base = 0.0, n.strength_source = 'interactions',
                  n.props_json = '{}', n.created_at = $now, n.updated_at = $now
)
WITH a, b
MATCH (a)-[r:KNOWS]-(b)
WITH a, b, head(collect(r)) AS k
SET k._lock = true
WITH k, coalesce(k.mass, [h IN $half_lives_s | 0.0]) AS m0, coalesce(k.mass_at, $at_s) AS ref
WITH k, ref, CASE WHEN $at_s >= ref
    THEN [x IN range(0, size($half_lives_s) - 1) |
          m0[x] * 2.0 ^ (-($at_s - ref) / $half_lives_s[x])
          + CASE WHEN x = $kind_index THEN $amount ELSE 0.0 END]
    ELSE [x IN range(0, size($half_lives_s) - 1) |
          m0[x] + CASE WHEN x = $kind_index
                       THEN $amount * 2.0 ^ (-(ref - $at_s) / $half_lives_s[x]) ELSE 0.0 END]
  END AS mass
SET k.mass = mass,
    k.mass_at = CASE WHEN $at_s >= ref THEN $at_s ELSE ref END,
    k.strength = 1.0 - (1.0 - coalesce(k.strength_base, 0.0)) * exp(-reduce(t = 0.0, v IN mass | t + v)),
    k.last_interaction_at = CASE
      WHEN k.last_interaction_at IS NULL OR k.last_interaction_at < $occurred_at THEN $occurred_at
      ELSE k.last_interaction_at END,
    k.interaction_count = coalesce(k.interaction_count, 0) + 1,
    k.updated_at = $now
REMOVE k._lock
WITH k, startNode(k) AS s, endNode(k) AS t
RETURN k {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(k), source_id: s.id, target_id: t.id} AS rel
