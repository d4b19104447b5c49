"""`sort=` on node lists: the allowed orders, and keyset cursors that stay exact under each.

A sorted page is read by (sort key, id) after the previous page's last row
(cypher/fragments/sort_key.cypher and after_key.cypher): the key of a name is its lower case
form, of a timestamp its epoch microseconds (an integer, carried exactly by the cursor), so no
row is skipped or repeated across pages, ties included.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.common.pagination import decode_cursor, encode_cursor
from app.errors import BadRequest


class Sort(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"


SORT_DESCRIPTION = (
    "order of the list: name (letter case ignored), created_at or updated_at, a leading `-` "
    "for descending; ties by id. Default: id order (with q: best match first)"
)


@dataclass(frozen=True, slots=True)
class SortedPage:
    """Where a sorted page starts: the sort (by a key, maybe descending) and the last row of
    the previous page, (k, id), or none on the first page. As the `page` map of a statement."""

    by: str
    desc: bool
    k: Any = None
    id: str | None = None

    @classmethod
    def of(cls, sort: Sort | None, cursor: str | None) -> "SortedPage":
        """The page a cursor names under this sort (id order when sort is None); a 400 for a
        cursor given out under another sort."""
        by = sort.value.lstrip("-") if sort is not None else "id"
        desc = sort is not None and sort.value.startswith("-")
        key = decode_cursor(cursor)
        if not key:
            return cls(by, desc)
        k, last = key.get("k"), key.get("id")
        valid = isinstance(k, int) if by in ("created_at", "updated_at") else isinstance(k, str)
        if (
            key.get("by") != (sort.value if sort else "id")
            or not valid
            or not isinstance(last, str)
        ):
            raise BadRequest("this cursor belongs to another sort or list; start again without it")
        return cls(by, desc, k, last)

    def params(self) -> dict[str, Any]:
        return {"by": self.by, "desc": self.desc, "k": self.k, "id": self.id}

    def next_cursor(self, k: Any, last_id: str) -> str:
        sort = ("-" if self.desc else "") + self.by
        return encode_cursor({"by": sort, "k": k, "id": last_id})


Row = tuple[Any, Any]  # (a read model with an id, its sort key)
Keep = Callable[[Any], bool]


async def keyset_rows(
    fetch: Callable[[SortedPage, int], Awaitable[list[Row]]],
    page: SortedPage,
    limit: int,
    keep: Keep | None = None,
) -> tuple[list[Any], str | None]:
    """One page of items and the next cursor. fetch(start, n) reads n rows in order after
    start; `keep` drops rows the statement only narrowed to (read on until the page is full)."""
    kept: list[Row] = []
    start = page
    while True:
        rows = await fetch(start, limit + 1)
        kept.extend(r for r in rows if keep is None or keep(r[0]))
        if len(kept) > limit or len(rows) <= limit:
            break
        k, last = rows[-1][1], rows[-1][0].id
        start = SortedPage(page.by, page.desc, k, last)
    items = kept[:limit]
    more = len(kept) > limit
    cursor = page.next_cursor(items[-1][1], items[-1][0].id) if more else None
    return [item for item, _ in items], cursor


async def offset_rows(
    fetch: Callable[[int, int], Awaitable[list[Any]]],
    cursor: str | None,
    limit: int,
    keep: Keep | None = None,
) -> tuple[list[Any], str | None]:
    """As keyset_rows for a list paged by offset (full-text matches, best first)."""
    skip = int(decode_cursor(cursor).get("o", 0))
    kept: list[tuple[Any, int]] = []
    at = skip
    while True:
        rows = await fetch(at, limit + 1)
        kept.extend((r, at + i) for i, r in enumerate(rows) if keep is None or keep(r))
        at += len(rows)
        if len(kept) > limit or len(rows) <= limit:
            break
    items = kept[:limit]
    more = len(kept) > limit
    return [r for r, _ in items], encode_cursor({"o": items[-1][1] + 1}) if more else None
