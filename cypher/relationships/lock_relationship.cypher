// name: lock_relationship
// returns: one
// params: id
// Write-locks the relationship until the transaction ends (a read-modify-write, such as a
// PATCH that merges properties or checks If-Match, reads it after this); no property changes.
MATCH ()-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED {id: $id}]->()
SET r._lock = true
REMOVE r._lock
RETURN r.id AS id
