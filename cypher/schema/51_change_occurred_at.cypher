// name: 51_change_occurred_at
// returns: schema
// params: none
CREATE INDEX change_occurred_at IF NOT EXISTS FOR (c:Change) ON (c.occurred_at)
