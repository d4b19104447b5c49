// name: current_employees
// returns: many
// params: company_ids
// Current employees of the given companies, with the WORKS_AT edge that employs them.
UNWIND $company_ids AS cid
MATCH (c:Company {id: cid})<-[w:WORKS_AT]-(p:Person)
WHERE coalesce(w.current, true)
RETURN c.id AS company_id, p.id AS person_id, p.name AS person_name, w.id AS works_at_id, w.strength_base AS strength_base, w.mass AS mass, w.mass_at AS mass_at
