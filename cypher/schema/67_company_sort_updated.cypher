// name: 67_company_sort_updated
// returns: schema
// params: none
// Companies in the order of `sort=updated_at` (cypher/fragments/order_keys.cypher): a sorted page
// of every company is an ordered index seek from the previous page's last row.
CREATE INDEX company_sort_updated IF NOT EXISTS FOR (c:Company) ON (c.sort_updated)
