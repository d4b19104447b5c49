// name: release_idempotency_key
// returns: one
// params: key, fingerprint
// Give a claimed key back (its request failed with a 5xx: a retry with the key should run).
MATCH (k:IdempotencyKey {key: $key})
WHERE k.fingerprint = $fingerprint AND k.state = 'pending'
DELETE k
RETURN count(*) AS released
