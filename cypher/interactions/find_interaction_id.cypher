// name: find_interaction_id
// returns: one
// params: external_id
// The id of the interaction stored under a client key, if any.
MATCH (i:Interaction {external_id: $external_id})
RETURN i.id AS id
