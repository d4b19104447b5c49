// name: forget_signal_states
// returns: one
// params: keep, prefixes, limit
// Drops the states of subjects no longer watched (an account that is not one any more): those
// whose key starts with one of $prefixes and is not in $keep, at most $limit at once.
MATCH (s:SignalState)
WHERE any(p IN $prefixes WHERE s.key STARTS WITH p) AND NOT s.key IN $keep
WITH s LIMIT $limit
DETACH DELETE s
RETURN count(*) AS deleted
