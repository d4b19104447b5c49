// name: 66_company_sort_created
// returns: schema
// params: none
// Companies in the order of `sort=created_at` (cypher/fragments/order_keys.cypher): a sorted page
// of every company is an ordered index seek from the previous page's last row.
CREATE INDEX company_sort_created IF NOT EXISTS FOR (c:Company) ON (c.sort_created)
