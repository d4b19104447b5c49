// name: 62_0_person_order_keys_fill
// returns: schema
// params: none
// People stored before their order keys existed (cypher/fragments/order_keys.cypher)
// get them; the next start-ups find none to fill (a label scan: 25-65 ms for 100,000 people). Before
// the indexes on them (62-64): a new index built over filled keys costs a third of keeping it
// while they are filled (100,000 people: 3.5 s against 10 s, after a bulk load).
MATCH (p:Person)
WHERE p.sort_updated IS NULL
CALL (p) {
  SET p += {{order_keys n=p}}
} IN TRANSACTIONS OF 10000 ROWS
