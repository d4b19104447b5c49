// name: get_signal_bands
// returns: one
// params: ids
// The strength band each of these edges was last announced in (warm, mid, cold), as one list
// of [edge id, band]; an edge never seen has none (app/changes/signals.py).
UNWIND $ids AS id
MATCH (b:SignalBand {edge_id: id})
RETURN collect([b.edge_id, b.band]) AS bands
