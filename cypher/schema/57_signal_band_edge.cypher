// name: 57_signal_band_edge
// returns: schema
// params: none
CREATE CONSTRAINT signal_band_edge IF NOT EXISTS FOR (b:SignalBand) REQUIRE b.edge_id IS UNIQUE
