// name: company_fields
// returns: fragment
// params: c
// A company as its statements return it, the datetimes as text (person_fields says why).
{{c}} {.id, .name, .domain, .industry, .size, .location, .tags, .external_id, .attributes_json, created_at: toString({{c}}.created_at), updated_at: toString({{c}}.updated_at)}
