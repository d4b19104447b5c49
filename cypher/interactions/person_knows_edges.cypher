// name: person_knows_edges
// returns: many
// params: person_id, other_ids
// The KNOWS edges between one person and some others (either direction).
MATCH (p:Person {id: $person_id})-[r:KNOWS]-(o:Person)
WHERE o.id IN $other_ids
WITH r, o, startNode(r) AS s, endNode(r) AS t
RETURN o.id AS other_id,
       r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
