// name: link_companies
// returns: one
// params: id, company_ids
// Ties a new interaction to the companies (accounts) it was about.
MATCH (i:Interaction {id: $id})
UNWIND $company_ids AS cid
MATCH (c:Company {id: cid})
MERGE (i)-[:CONCERNS]->(c)
RETURN count(c) AS linked
