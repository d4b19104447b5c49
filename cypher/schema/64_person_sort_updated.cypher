// name: 64_person_sort_updated
// returns: schema
// params: none
// People in the order of `sort=updated_at` (cypher/fragments/order_keys.cypher): a sorted
// page of everyone is an ordered index seek from the previous page's last row.
CREATE INDEX person_sort_updated IF NOT EXISTS FOR (p:Person) ON (p.sort_updated)
