// name: interaction_fields
// returns: fragment
// params: i
// An interaction as its statements return it, the datetimes as text (person_fields says why).
{{i}} {.id, .kind, occurred_at: toString({{i}}.occurred_at), .summary, .sentiment, .participant_count, .external_id, created_at: toString({{i}}.created_at), updated_at: toString({{i}}.updated_at)}
