// name: 32_idempotency_expires_at
// returns: schema
// params: none
CREATE INDEX idempotency_expires_at IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expires_at)
