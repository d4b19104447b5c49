// name: get_relationship
// returns: one
// params: id
MATCH (s)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED {id: $id}]->(t)
RETURN {{relationship_fields r=r; s=s; t=t}} AS rel
