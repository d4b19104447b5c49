// name: scan_decaying_edges
// returns: one
// params: after, limit
// A page of the KNOWS edges whose strength decays (interaction mass), in id order after
// $after (the id index gives them in order), as get_relationship returns them, in one list
// (one record a page: a record per edge cost the driver more than the scan's own checks).
MATCH (s:Person)-[r:KNOWS]->(t:Person)
WHERE r.id > $after AND r.mass IS NOT NULL
WITH r, s, t
ORDER BY r.id
LIMIT $limit
RETURN collect(r {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, last_interaction_at: toString(r.last_interaction_at), .interaction_count, created_at: toString(r.created_at), updated_at: toString(r.updated_at), type: type(r), source_id: s.id, target_id: t.id}) AS rels
