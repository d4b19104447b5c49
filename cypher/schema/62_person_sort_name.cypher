// name: 62_person_sort_name
// returns: schema
// params: none
// People in the order of `sort=name` (cypher/fragments/order_keys.cypher): a sorted
// page of everyone is an ordered index seek from the previous page's last row.
CREATE INDEX person_sort_name IF NOT EXISTS FOR (p:Person) ON (p.sort_name)
