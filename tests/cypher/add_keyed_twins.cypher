// name: add_keyed_twins
// returns: write
// params: ahead
// tests/test_api.py: twins of relmap's keyed nodes, as processes still writing while a
// database was replaced under them make them: the graph version $ahead higher than it is, and
// two decay-scan markers (not due for an hour, so that no scan takes them meanwhile), the
// one started last marked 'latest'.
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
WITH coalesce(max(v.version), 0) AS version, count(v) AS present
FOREACH (_ IN CASE WHEN present = 0 THEN [1] ELSE [] END |
  CREATE (:GraphVersion {key: 'graph', version: version})
)
CREATE (:GraphVersion {key: 'graph', version: version + $ahead})
WITH datetime() AS now
OPTIONAL MATCH (s:SignalScan {key: 'decay'})
DETACH DELETE s
WITH DISTINCT now
CREATE (:SignalScan {key: 'decay', lease_owner: 'stale', started_at: now - duration('PT1H'),
                     next_at: now + duration('PT1H')}),
       (:SignalScan {key: 'decay', lease_owner: 'latest', started_at: now,
                     next_at: now + duration('PT1H')})
