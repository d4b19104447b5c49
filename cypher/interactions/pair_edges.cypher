// name: pair_edges
// returns: many
// params: pairs
// The KNOWS edge of each pair ({a, b}) that has one.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})-[r:KNOWS]-(b:Person {id: pair.b})
WITH r, startNode(r) AS s, endNode(r) AS t
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
