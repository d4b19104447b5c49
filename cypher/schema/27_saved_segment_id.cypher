// name: 27_saved_segment_id
// returns: schema
// params: none
CREATE CONSTRAINT saved_segment_id IF NOT EXISTS FOR (s:SavedSegment) REQUIRE s.id IS UNIQUE
