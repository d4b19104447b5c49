// name: 61_rel_knows_strength
// returns: schema
// params: none
// KNOWS edges in order of their stored strength (an upper bound of their current one): the
// cooling list reads them strongest first and stops once no unread edge can enter its page.
CREATE INDEX rel_knows_strength IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.strength)
