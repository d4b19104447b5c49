// name: company_filter
// returns: fragment
// params: c, f
// Whether company c passes the list filters of the map f (app/companies/service.py makes it; a
// null entry, or an empty list, is off): industry (both sides lower case), tags (every one).
({{f}}.industry IS NULL OR toLower({{c}}.industry) = {{f}}.industry)
AND all(t IN {{f}}.tags WHERE t IN coalesce({{c}}.tags, []))
