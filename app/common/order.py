"""A sorted page of every person or company as a range of one stored order key.

Each person and company carries, per `sort=`, a text whose order is the list's order (sort key,
then id): cypher/fragments/order_keys.cypher makes it, and range indexes (cypher/schema/62_* to
67_*) keep the nodes in it. A page is the keys strictly between two bounds, in the index's
order, so it reads only the nodes it returns (and those its filters drop). `order_key` makes
the same text from a cursor's (k, id); `bounds` the range after it.
"""

from app.common.sorting import SortedPage

PROPERTY = {"name": "sort_name", "created_at": "sort_created", "updated_at": "sort_updated"}
DIGITS = 19  # a timestamp key's width: epoch microseconds, zero-padded on the left
# Every name key starts with "n": it lies between "n" and "o". A timestamp key starts with its
# digits: between "" and ":" (the character after "9").
_ENDS = {"name": ("n", "o"), "created_at": ("", ":"), "updated_at": ("", ":")}


def order_key(by: str, k: object, node_id: str) -> str:
    """The stored key of the node with sort key k (a lower-case name, or epoch microseconds)
    and this id, as cypher/fragments/order_keys.cypher writes it."""
    if by == "name":
        return "n" + str(k).replace("\0", "\0\1") + "\0\0" + node_id
    return ("0" * DIGITS + str(k))[-DIGITS:] + "\0" + node_id


def statement(listing: str, page: SortedPage) -> str:
    """The variant of `listing` (list_people_ordered, list_companies_ordered) for this page's
    sort and direction."""
    return f"{listing}:{PROPERTY[page.by]}:{'DESC' if page.desc else 'ASC'}"


def bounds(page: SortedPage) -> tuple[str, str]:
    """(lo, hi): the keys of this page's rows lie strictly between them, every key after the
    previous page's last row (before it, descending); all of them on a first page."""
    lo, hi = _ENDS[page.by]
    if page.id is None:
        return lo, hi
    last = order_key(page.by, page.k, page.id)
    return (lo, last) if page.desc else (last, hi)
