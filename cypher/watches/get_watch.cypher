// name: get_watch
// returns: one
// params: id
MATCH (w:Watch {id: $id})
RETURN w {.*} AS watch
