// name: delete_interaction
// returns: one
// params: id
// Removes an interaction and its PARTICIPATED_IN / CONCERNS edges; the strengths of its pairs
// are recomputed by the caller afterwards.
MATCH (i:Interaction {id: $id})
WITH i, i.id AS id
DETACH DELETE i
RETURN id
