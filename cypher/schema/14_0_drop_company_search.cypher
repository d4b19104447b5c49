// name: 14_0_drop_company_search
// returns: schema
// params: none
// The first company full-text index makes way for company_search_folded (14_company_search).
DROP INDEX company_search IF EXISTS
