// name: 58_signal_scan_key
// returns: schema
// params: none
CREATE CONSTRAINT signal_scan_key IF NOT EXISTS FOR (s:SignalScan) REQUIRE s.key IS UNIQUE
