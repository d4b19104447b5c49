// name: create_saved_segment
// returns: one
// params: props
// A named list of people; member ids kept on the node (people deleted later drop out on read).
CREATE (s:SavedSegment)
SET s = $props
RETURN s {.id, .name, .description, .algorithm, .source_segment, .member_ids, .created_at} AS segment
