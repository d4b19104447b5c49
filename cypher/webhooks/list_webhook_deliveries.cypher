// name: list_webhook_deliveries
// returns: many
// params: webhook_id, seq, idx, limit
// A webhook's delivery log, newest change first, after position ($seq, $idx) going back
// (null: from the newest).
MATCH (d:WebhookDelivery {webhook_id: $webhook_id})
WHERE $seq IS NULL OR d.seq < $seq OR (d.seq = $seq AND d.idx < $idx)
RETURN d {.change_id, .seq, .idx, .type, .occurred_at, .status, .attempts, .status_codes, .last_error, .first_attempt_at, .last_attempt_at, .next_attempt_at, .done_at} AS delivery
ORDER BY d.seq DESC, d.idx DESC
LIMIT $limit
