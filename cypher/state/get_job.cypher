// name: get_job
// returns: one
// params: id, kind
// One job of a kind, as last written.
MATCH (j:Job {id: $id})
WHERE j.kind = $kind
RETURN j {.*} AS job
