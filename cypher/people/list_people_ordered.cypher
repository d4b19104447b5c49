// name: list_people_ordered
// returns: many
// keys: sort_name, sort_created, sort_updated
// orders: ASC, DESC
// params: f, by, lo, hi, limit
// Every person passing the filters of $f in the order of one `sort=` (by its stored key,
// cypher/fragments/order_keys.cypher), from after the previous page's last row: the keys
// strictly between $lo and $hi (app/common/order.py). The index gives the order, so a page
// reads people until it is full, as list_people does in id order, instead of sorting everyone.
MATCH (p:Person)
USING INDEX p:Person({{key}})
WHERE p.{{key}} > $lo AND p.{{key}} < $hi
  AND {{person_filter p=p; f=$f}}
RETURN {{person_fields p=p}} AS person, {{sort_key n=p; by=$by}} AS k
ORDER BY p.{{key}} {{order}}
LIMIT $limit
