// name: 12_interaction_occurred_at
// returns: schema
// params: none
CREATE INDEX interaction_occurred_at IF NOT EXISTS FOR (i:Interaction) ON (i.occurred_at)
