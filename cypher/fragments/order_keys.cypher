// name: order_keys
// returns: fragment
// params: n
// The stored keys that keep every person or company in each `sort=` order in an index
// (list_people_ordered, list_companies_ordered; cypher/schema/62_*-67_*): the sort key of
// cypher/fragments/sort_key.cypher and the id in one text, whose text order is the order
// (key, id). A name's key is 'n' and its lower case with each NUL written NUL SOH, then NUL NUL
// and the id (so "ann" < "ann\0z" < "anna" holds as it does for the keys alone); a timestamp's
// is its epoch microseconds in 19 digits, then NUL and the id. app/common/order.py makes the
// same text from a cursor. Every statement that writes a name, created_at or updated_at of a
// person or a company sets them again.
{
  sort_name: 'n' + replace({{sort_key n={{n}}; by='name'}}, '\u0000', '\u0000\u0001') + '\u0000\u0000' + {{n}}.id,
  sort_created: right('0000000000000000000' + toString({{sort_key n={{n}}; by='created_at'}}), 19) + '\u0000' + {{n}}.id,
  sort_updated: right('0000000000000000000' + toString({{sort_key n={{n}}; by='updated_at'}}), 19) + '\u0000' + {{n}}.id
}
