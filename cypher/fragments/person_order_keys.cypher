// name: person_order_keys
// returns: fragment
// params: p
// The stored keys that keep every person in each `sort=` order in an index
// (list_people_ordered, cypher/schema/62_*-64): the sort key of cypher/fragments/sort_key.cypher
// and the id in one text, whose text order is the order (key, id). A name's key is 'n' and its
// lower case with each NUL written NUL SOH, then NUL NUL and the id (so "ann" < "ann\0z" <
// "anna" holds as it does for the keys alone); a timestamp's is its epoch microseconds in 19
// digits, then NUL and the id. app/people/order.py makes the same text from a cursor. Every
// statement that writes a person's name, created_at or updated_at sets them again.
{
  sort_name: 'n' + replace({{sort_key n={{p}}; by='name'}}, '\u0000', '\u0000\u0001') + '\u0000\u0000' + {{p}}.id,
  sort_created: right('0000000000000000000' + toString({{sort_key n={{p}}; by='created_at'}}), 19) + '\u0000' + {{p}}.id,
  sort_updated: right('0000000000000000000' + toString({{sort_key n={{p}}; by='updated_at'}}), 19) + '\u0000' + {{p}}.id
}
