// name: relationship_fields
// returns: fragment
// params: r, s, t
// A relationship as its statements return it (s and t its start and end nodes). Its datetimes
// travel as text (app/db/convert.py's record_fields reads them back; person_fields says why).
{{r}} {.id, .strength_base, .strength_source, .props_json, .mass, .mass_at, last_interaction_at: toString({{r}}.last_interaction_at), .interaction_count, .title, .role, .department, .since, .until, .current, created_at: toString({{r}}.created_at), updated_at: toString({{r}}.updated_at), type: type({{r}}), source_id: {{s}}.id, target_id: {{t}}.id}
