// name: claim_idempotency_key
// returns: one
// params: key, fingerprint, now, lease_until, expires_at
// Claim an Idempotency-Key for one request (app/common/idempotency.py). A key that is free,
// expired, or pending past its lease (its process died) is taken: `claimed` true. Otherwise
// the key's record comes back as it is: done (its answer, to replay), or pending elsewhere.
// The unique constraint on key makes concurrent claims of one key take turns.
MERGE (k:IdempotencyKey {key: $key})
ON CREATE SET k.fresh = true
WITH k, coalesce(k.fresh, false)
        OR k.expires_at < $now
        OR (k.state = 'pending' AND k.lease_until < $now) AS claimed
FOREACH (_ IN CASE WHEN claimed THEN [1] ELSE [] END |
  SET k.fingerprint = $fingerprint, k.state = 'pending', k.lease_until = $lease_until,
      k.expires_at = $expires_at, k.created_at = $now
  REMOVE k.status, k.media_type, k.body
)
REMOVE k.fresh
RETURN claimed, k {.fingerprint, .state, .status, .media_type, .body} AS record
