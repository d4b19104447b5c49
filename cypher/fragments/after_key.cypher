// name: after_key
// returns: fragment
// params: key, id, page
// Keyset pagination under a sort: whether a row with sort key `key` and id `id` comes after the
// last row of the previous page ({{page}}.k, {{page}}.id; none on the first page), in the
// order (key, id), both descending when {{page}}.desc.
{{page}}.id IS NULL
OR CASE WHEN {{page}}.desc
  THEN {{key}} < {{page}}.k OR ({{key}} = {{page}}.k AND {{id}} < {{page}}.id)
  ELSE {{key}} > {{page}}.k OR ({{key}} = {{page}}.k AND {{id}} > {{page}}.id)
END
