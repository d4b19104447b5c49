// name: scan_decaying_edges
// returns: many
// params: after, limit
// A page of the KNOWS edges whose strength decays (interaction mass), in id order after
// $after (the id index gives them in order), as get_relationship returns them.
MATCH (s:Person)-[r:KNOWS]->(t:Person)
WHERE r.id > $after AND r.mass IS NOT NULL
RETURN r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, .last_interaction_at, .interaction_count, .created_at, .updated_at, type: type(r), source_id: s.id, target_id: t.id} AS rel
ORDER BY r.id
LIMIT $limit
