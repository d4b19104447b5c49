// name: merge_set_edges
// returns: write
// params: updates
// updates: [{ref, props}]: each edge's properties replaced by props (a combined edge).
UNWIND $updates AS u
MATCH ()-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]->()
WHERE elementId(r) = u.ref
SET r = u.props
