// name: list_companies_ordered
// returns: many
// keys: sort_name, sort_created, sort_updated
// orders: ASC, DESC
// params: f, by, lo, hi, limit
// Every company passing the filters of $f in the order of one `sort=` (by its stored key,
// cypher/fragments/order_keys.cypher), from after the previous page's last row: the keys
// strictly between $lo and $hi (app/common/order.py). The index gives the order, so a page
// reads companies until it is full, as list_companies does in id order, instead of sorting
// them all.
MATCH (c:Company)
USING INDEX c:Company({{key}})
WHERE c.{{key}} > $lo AND c.{{key}} < $hi
  AND {{company_filter c=c; f=$f}}
RETURN {{company_fields c=c}} AS company, {{sort_key n=c; by=$by}} AS k
ORDER BY c.{{key}} {{order}}
LIMIT $limit
