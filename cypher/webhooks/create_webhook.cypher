// name: create_webhook
// returns: one
// params: props, end
// A webhook, positioned at the feed's present: it gets the changes committed after it.
OPTIONAL MATCH (v:GraphVersion {key: 'graph'})
CREATE (w:Webhook)
SET w = $props, w.pos_seq = coalesce(v.version, 0), w.pos_idx = $end
RETURN w {.id, .url, .events, .secret, .description, .created_at, .updated_at} AS webhook
