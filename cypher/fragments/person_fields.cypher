// name: person_fields
// returns: fragment
// params: p
// A person as its statements return it. The two datetimes travel as text (app/db/convert.py's
// moment reads them back): hydrating a driver DateTime cost about 40 us each (bench/notes.md).
{{p}} {.id, .name, .email, .title, .location, .tags, .is_team, .external_id, .alias_emails, .alias_external_ids, .attributes_json, created_at: toString({{p}}.created_at), updated_at: toString({{p}}.updated_at)}
