// name: read_companies
// returns: one
// params: ids
// The companies with these ids (unknown ones are absent), as one list: what
// GET /v1/companies/{id} reads. Reads of one company that arrive together are sent as one
// (app/db/coalesce.py).
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN collect({{company_fields c=c}}) AS found
