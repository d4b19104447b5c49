// name: sync_companies_state
// returns: many
// params: ids
// The Company nodes an import is about to write, write-locked until its transaction ends (so
// no API edit lands between this read and the write), with every stored property.
UNWIND $ids AS id
MATCH (p:Company {id: id})
SET p._lock = true
REMOVE p._lock
RETURN id, properties(p) AS node
