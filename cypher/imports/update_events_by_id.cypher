// name: update_events_by_id
// returns: one
// params: rows
// The Event nodes an import reaches by id (a node without external_id that relmap's own
// export keys by its id, or a person named by an alias), as the import planned it
// (app/imports/sync.py): rows: [{id, props, touch}]. No external_id is given to them.
UNWIND $rows AS row
MATCH (p:Event {id: row.id})
SET p += row.props
RETURN count(*) AS written, [] AS created,
       collect(CASE WHEN coalesce(row.touch, true) THEN p.id END) AS updated
