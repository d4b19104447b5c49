// name: lock_interaction
// returns: one
// params: id
// Write-locks one interaction until the transaction ends (a correction reads it after this,
// so what it checks is what it changes); no property changes. Null when there is none.
MATCH (i:Interaction {id: $id})
SET i._lock = true
REMOVE i._lock
RETURN i.id AS id
