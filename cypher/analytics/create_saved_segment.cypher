// name: create_saved_segment
// returns: one
// params: props
// A named list of people; member ids kept on the node (people deleted later drop out on read),
// or a dynamic segment: its filter kept as JSON (filter_json), its members found on read.
CREATE (s:SavedSegment)
SET s = $props
RETURN s {.id, .name, .description, .algorithm, .source_segment, .member_ids, .filter_json, .created_at} AS segment
