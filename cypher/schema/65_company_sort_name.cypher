// name: 65_company_sort_name
// returns: schema
// params: none
// Companies in the order of `sort=name` (cypher/fragments/order_keys.cypher): a sorted page
// of every company is an ordered index seek from the previous page's last row.
CREATE INDEX company_sort_name IF NOT EXISTS FOR (c:Company) ON (c.sort_name)
