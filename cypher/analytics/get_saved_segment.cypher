// name: get_saved_segment
// returns: one
// params: id
MATCH (s:SavedSegment {id: $id})
RETURN s {.id, .name, .description, .algorithm, .source_segment, .member_ids, .filter_json, .created_at} AS segment
