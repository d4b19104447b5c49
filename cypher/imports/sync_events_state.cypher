// name: sync_events_state
// returns: one
// params: ids, fields
// The Event nodes an import is about to write, write-locked until its transaction ends (so
// no API edit lands between this read and the write), with the stored values of $fields (what
// planning their update reads). One row: nodes [[id, [value of each of $fields]]] (a row per
// node, or a map of every property, costs several times more to return).
UNWIND $ids AS id
MATCH (p:Event {id: id})
SET p._lock = true
REMOVE p._lock
RETURN collect([id, [k IN $fields | p[k]]]) AS nodes
