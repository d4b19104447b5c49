// name: delete_saved_segment
// returns: one
// params: id
MATCH (s:SavedSegment {id: $id})
WITH s, s.id AS id
DELETE s
RETURN id
