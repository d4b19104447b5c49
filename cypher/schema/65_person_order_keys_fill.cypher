// name: 65_person_order_keys_fill
// returns: schema
// params: none
// People stored before their order keys existed (cypher/fragments/person_order_keys.cypher)
// get them; the next start-ups find none to fill (a label scan: ~0.1 s a million people).
MATCH (p:Person)
WHERE p.sort_updated IS NULL
CALL (p) {
  SET p += {{person_order_keys p=p}}
} IN TRANSACTIONS OF 10000 ROWS
