// name: get_signal_bands
// returns: many
// params: ids
// The strength band each of these edges was last announced in (warm, mid, cold); an edge
// never seen has none (app/changes/signals.py).
UNWIND $ids AS id
MATCH (b:SignalBand {edge_id: id})
RETURN b.edge_id AS id, b.band AS band
