// name: delete_company
// returns: one
// params: id
// Removes the company and every relationship touching it (employees, clients, investors...).
MATCH (c:Company {id: $id})
WITH c, c.id AS id
DETACH DELETE c
RETURN id
