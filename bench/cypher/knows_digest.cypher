// name: knows_digest
// returns: many
// params: none
// Every KNOWS edge as its endpoints' external ids and its stored fields but the generated ones
// (bench/online_import.py compares the sides with it).
MATCH (s:Person)-[r:KNOWS]->(t:Person)
RETURN s.external_id AS s, t.external_id AS t,
       [k IN keys(r) WHERE NOT k IN ['id', 'created_at', 'updated_at'] | [k, toString(r[k])]]
         AS props
