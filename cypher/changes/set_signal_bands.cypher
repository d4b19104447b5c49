// name: set_signal_bands
// returns: many
// params: rows
// Moves each edge's band ($rows: [{id, old, new}]) when it is still `old` (null: none yet),
// the band node write-locked first; returns the ids moved (only those are announced).
UNWIND $rows AS row
MERGE (b:SignalBand {edge_id: row.id})
SET b._lock = true
REMOVE b._lock
WITH b, row
WHERE coalesce(b.band, '') = coalesce(row.old, '')
SET b.band = row.new, b.at = datetime()
RETURN b.edge_id AS id
