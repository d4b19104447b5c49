// name: list_saved_segments
// returns: many
// params: after, limit
MATCH (s:SavedSegment)
WHERE s.id > coalesce($after, '')  // '' before every id: one ordered range over the id index
RETURN s {.id, .name, .description, .algorithm, .source_segment, .filter_json, .created_at, member_count: size(s.member_ids)} AS segment
ORDER BY s.id
LIMIT $limit
