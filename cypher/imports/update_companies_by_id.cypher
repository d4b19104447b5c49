// name: update_companies_by_id
// returns: one
// params: rows, now
// The Company nodes an import reaches by id (a node without external_id that relmap's own
// export keys by its id, or a person named by an alias), as the import planned it
// (app/imports/sync.py): rows: [{id, props, touch}]. No external_id is given to them.
UNWIND $rows AS row
MATCH (p:Company {id: row.id})
SET p += row.props,
    p.updated_at = CASE WHEN row.touch THEN $now ELSE p.updated_at END
SET p += {{order_keys n=p}}
RETURN count(*) AS written, [] AS created,
       collect(CASE WHEN coalesce(row.touch, true) THEN p.id END) AS updated
