// name: set_signal_states
// returns: many
// params: rows
// Moves each subject's state ($rows: [{key, old, new}], values as JSON text) when it is still
// `old` (null: none yet), the state node write-locked first; returns the keys moved (only
// those are announced).
UNWIND $rows AS row
MERGE (s:SignalState {key: row.key})
SET s._lock = true
REMOVE s._lock
WITH s, row
WHERE coalesce(s.value, '') = coalesce(row.old, '')
SET s.value = row.new, s.at = datetime()
RETURN s.key AS key
