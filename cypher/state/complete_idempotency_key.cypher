// name: complete_idempotency_key
// returns: one
// params: key, fingerprint, status, media_type, body
// The answer a claimed key replays from now on (until it expires).
MATCH (k:IdempotencyKey {key: $key})
WHERE k.fingerprint = $fingerprint AND k.state = 'pending'
SET k.state = 'done', k.status = $status, k.media_type = $media_type, k.body = $body
REMOVE k.lease_until
RETURN k.key AS key
