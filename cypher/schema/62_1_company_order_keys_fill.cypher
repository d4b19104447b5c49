// name: 62_1_company_order_keys_fill
// returns: schema
// params: none
// Companies stored before their order keys existed get them, as people do
// (62_0_person_order_keys_fill.cypher).
MATCH (c:Company)
WHERE c.sort_updated IS NULL
CALL (c) {
  SET c += {{order_keys n=c}}
} IN TRANSACTIONS OF 10000 ROWS
