// name: 59_signal_state_key
// returns: schema
// params: none
CREATE CONSTRAINT signal_state_key IF NOT EXISTS FOR (s:SignalState) REQUIRE s.key IS UNIQUE
