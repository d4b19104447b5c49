// name: current_jobs
// returns: many
// params: person_id
// A person's current employers (WORKS_AT without an end, or marked current).
MATCH (p:Person {id: $person_id})-[w:WORKS_AT]->(c:Company)
WHERE w.until IS NULL AND coalesce(w.current, true)
RETURN w.id AS relationship_id, c.id AS company_id, c.name AS company_name,
       w.title AS title, w.role AS role
ORDER BY w.id
