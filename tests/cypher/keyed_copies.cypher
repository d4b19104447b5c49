// name: keyed_copies
// returns: one
// params: none
// tests/test_api.py: the graph versions and decay-scan markers there are.
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
WITH collect(v.version) AS versions
OPTIONAL MATCH (s:SignalScan {key: 'decay'})
RETURN versions, collect(s.lease_owner) AS markers
