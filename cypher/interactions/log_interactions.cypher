// name: log_interactions
// returns: many
// params: interactions, pairs, now, half_lives_s, report, new_edge
// Interactions, atomically. interactions: [{id, kind, occurred_at, summary, sentiment,
// external_id, participant_ids}] become nodes with their PARTICIPATED_IN edges. pairs: one row
// per pair of people who took part in any of them, {a, b, rel_id, mass, at_s, last_at, count}
// with a.id < b.id, where mass is the pair's contributions from these interactions folded into
// one vector valid at at_s (the newest of them). For each pair the KNOWS edge is created when
// absent (with $new_edge's fields; either direction counts as existing), write-locked (SET _lock) before its mass is
// read, then updated: the stored mass and the pair's mass are both decayed to the newer of
// their times and added (docs/strength.md), so arrival order does not matter. r.strength is
// the strength at r.mass_at: an upper bound of every later one. The edges come back only when
// $report is true (an import does not need them).
CALL () {
  UNWIND $interactions AS it
  CREATE (i:Interaction {id: it.id, kind: it.kind, occurred_at: it.occurred_at,
                         summary: it.summary, sentiment: it.sentiment,
                         participant_count: size(it.participant_ids),
                         external_id: it.external_id, created_at: $now, updated_at: $now})
  WITH i, it
  UNWIND it.participant_ids AS pid
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
    ON CREATE SET n += $new_edge, n.id = pair.rel_id, n.created_at = $now, n.updated_at = $now
)
WITH a, b, pair
MATCH (a)-[r:KNOWS]-(b)
WITH pair, head(collect(r)) AS k
SET k._lock = true
WITH k, pair, coalesce(k.mass, [h IN $half_lives_s | 0.0]) AS m0,
     coalesce(k.mass_at, pair.at_s) AS ref
WITH k, pair, m0, ref, CASE WHEN pair.at_s >= ref THEN pair.at_s ELSE ref END AS top
WITH k, pair, top,
     [x IN range(0, size($half_lives_s) - 1) |
      m0[x] * 2.0 ^ (-(top - ref) / $half_lives_s[x])
      + pair.mass[x] * 2.0 ^ (-(top - pair.at_s) / $half_lives_s[x])] AS mass
SET k.mass = mass,
    k.mass_at = top,
    k.strength = {{stored_strength base=coalesce(k.strength_base, 0.0); mass=mass}},
    k.last_interaction_at = CASE
      WHEN k.last_interaction_at IS NULL OR k.last_interaction_at < pair.last_at THEN pair.last_at
      ELSE k.last_interaction_at END,
    k.interaction_count = coalesce(k.interaction_count, 0) + pair.count,
    k.updated_at = $now
REMOVE k._lock
WITH k WHERE $report
WITH k, startNode(k) AS s, endNode(k) AS t
RETURN k {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(k), source_id: s.id, target_id: t.id} AS rel
