// name: 34_company_name
// returns: schema
// params: none
// Companies by exact name: a people row's employer key is matched by name when it is neither
// an external_id nor a domain (find_companies_by_key), by an index seek instead of reading the
// name of every Company once per import batch.
CREATE INDEX company_name IF NOT EXISTS FOR (c:Company) ON (c.name)
