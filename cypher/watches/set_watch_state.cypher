// name: set_watch_state
// returns: one
// params: id, open, old_open, score, checked_at
// The scan's finding for one watch, written only when its state is still the one the scan
// compared against ($old_open): an opening is announced once.
MATCH (w:Watch {id: $id})
SET w._lock = true
REMOVE w._lock
WITH w
WHERE w.open = $old_open
SET w.open = $open, w.score = $score, w.checked_at = $checked_at,
    w.opened_at = CASE WHEN $open AND NOT $old_open THEN $checked_at ELSE w.opened_at END
RETURN w.id AS id
