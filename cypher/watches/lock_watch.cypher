// name: lock_watch
// returns: one
// params: id
// Write-locks the watch until the transaction ends; no property changes.
MATCH (w:Watch {id: $id})
SET w._lock = true
REMOVE w._lock
RETURN w {.*} AS watch
