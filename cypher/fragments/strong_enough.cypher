// name: strong_enough
// returns: fragment
// params: r, min
// Whether edge r's stored strength (an upper bound of its current one) reaches `min`, without
// reading the property when there is no floor (min <= 0, the default): a walk that meets
// thousands of edges and keeps few (a shortest path's search, a neighborhood's rim) saves a
// property read per edge (bench/notes.md: 5 -> 3 ms for a shortest path at M).
({{min}} <= 0.0 OR {{r}}.strength >= {{min}})
