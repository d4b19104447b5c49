// name: forget_signal_bands
// returns: write
// params: ids
// Forgets the bands of deleted edges.
UNWIND $ids AS id
MATCH (b:SignalBand {edge_id: id})
DELETE b
