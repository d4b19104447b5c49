// name: record_webhook_deliveries
// returns: one
// params: id, owner, seq, idx, deliveries
// What the lease holder did: its stream's new position ($seq, $idx) and one attempt per
// change in $deliveries ([{key, change_id, seq, idx, type, occurred_at, status, code, error,
// at, next_at, done_at}]; code 0: no answer), appended to each change's delivery record.
// Nothing is written unless $owner still holds the lease (a fenced write): null then.
MATCH (w:Webhook {id: $id})
SET w._lock = true
REMOVE w._lock
WITH w
WHERE w.lease_owner = $owner
SET w.pos_seq = $seq, w.pos_idx = $idx
FOREACH (d IN $deliveries |
  MERGE (x:WebhookDelivery {key: d.key})
  ON CREATE SET x.webhook_id = w.id, x.change_id = d.change_id, x.seq = d.seq, x.idx = d.idx,
                x.type = d.type, x.occurred_at = d.occurred_at, x.attempts = 0,
                x.status_codes = [], x.first_attempt_at = d.at
  SET x.attempts = x.attempts + 1,
      x.status_codes = (x.status_codes + [d.code])[-20..],
      x.status = d.status, x.last_error = d.error, x.last_attempt_at = d.at,
      x.next_attempt_at = d.next_at, x.done_at = d.done_at
)
RETURN w.id AS id
