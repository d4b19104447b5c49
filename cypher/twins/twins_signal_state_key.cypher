// name: twins_signal_state_key
// returns: one
// params: none
// A subject's signal state: the one moved last is kept.
// Run only when creating the signal_state_key constraint failed on duplicates
// (Database.apply_schema): nodes MERGEd on their key while it was missing (a database
// replaced under running processes). One of each key is kept, the rest deleted.
MATCH (n:SignalState)
WITH n ORDER BY n.at IS NULL, n.at DESC
WITH n.key AS key, collect(n) AS copies
WHERE size(copies) > 1
UNWIND tail(copies) AS extra
DETACH DELETE extra
RETURN count(extra) AS removed
