// name: create_watch
// returns: one
// params: props
// A watch on a target's best warm intro (intro.path_opened), with its state at creation.
CREATE (w:Watch)
SET w = $props
RETURN w {.*} AS watch
