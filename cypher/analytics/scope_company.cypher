// name: scope_company
// returns: many
// params: company_id
// Current employees of one company.
MATCH (:Company {id: $company_id})<-[w:WORKS_AT]-(p:Person)
WHERE coalesce(w.current, true)
RETURN DISTINCT p.id AS id
