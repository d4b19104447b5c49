// name: get_signal_states
// returns: many
// params: keys
// The last announced state of each signal subject ($keys such as 'coverage:<company id>').
UNWIND $keys AS key
MATCH (s:SignalState {key: key})
RETURN s.key AS key, s.value AS value
