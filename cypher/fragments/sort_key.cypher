// name: sort_key
// returns: fragment
// params: n, by
// The value a list sorted `by` (name, created_at, updated_at or id: app/common/sorting.py)
// orders node n by: its name in lower case, a timestamp as epoch microseconds (an integer, so a
// cursor carries it exactly), or its id. Never null (a missing value sorts first).
CASE {{by}}
  WHEN 'name' THEN toLower(coalesce({{n}}.name, ''))
  WHEN 'created_at' THEN coalesce({{n}}.created_at.epochSeconds * 1000000 + {{n}}.created_at.microsecond, 0)
  WHEN 'updated_at' THEN coalesce({{n}}.updated_at.epochSeconds * 1000000 + {{n}}.updated_at.microsecond, 0)
  ELSE {{n}}.id
END
