// name: bulk_load_data_nodes
// returns: one
// params: none
// make load (app/imports/bulk_load.py): whether the database holds data (people, companies,
// events, interactions), which a bulk load refuses to replace: how many, and one's label.
MATCH (n)
WHERE n:Person OR n:Company OR n:Event OR n:Interaction
RETURN count(n) AS nodes, head(collect(labels(n)[0])) AS label
