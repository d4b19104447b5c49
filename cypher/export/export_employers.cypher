// name: export_employers
// returns: many
// params: ids
// The current employers of these people (WORKS_AT not ended), with the WORKS_AT role and since.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[w:WORKS_AT]->(c:Company)
WHERE coalesce(w.current, w.until IS NULL)
RETURN p.id AS person_id, c.id AS company_id, c.name AS company, c.industry AS industry,
       w.role AS role, toString(w.since) AS since
