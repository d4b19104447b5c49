// name: export_employees
// returns: many
// params: none
MATCH (p:Person)-[r:WORKS_AT {current: true}]->(c:Company)
RETURN p.id AS person, c.id AS company
