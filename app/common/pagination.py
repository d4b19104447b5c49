"""Opaque cursors for keyset pagination, and the page envelope."""

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import Query
from pydantic import BaseModel

from app.common.text import lucene_query
from app.errors import BadRequest

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=200, description="page size (1..200)")]
Cursor = Annotated[
    str | None, Query(description="the next_cursor of the previous page; omit for the first")
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: dict[str, Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    if not cursor:
        return {}
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest("cursor is not one this API gave out") from None
    if not isinstance(key, dict):
        raise BadRequest("cursor is not one this API gave out")
    return key


def page_of(rows: list[T], limit: int, key: Any) -> Page[T]:
    """Rows were fetched with limit + 1; the extra one only says that more exist."""
    more = len(rows) > limit
    items = rows[:limit]
    return Page[T](items=items, next_cursor=encode_cursor(key(items[-1])) if more else None)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


N = TypeVar("N", bound=_HasId)


async def search_or_scan(
    q: str | None,
    cursor: str | None,
    limit: int,
    *,
    search: Callable[[str, int, int], Awaitable[list[N]]],
    scan: Callable[[str | None, int], Awaitable[list[N]]],
) -> "Page[N]":  # quoted: pydantic cannot build Page over a Protocol-bound var
    """With words in q: full-text matches best first, paged by offset (search(lucene, skip, n)).
    Without: keyset pages in id order (scan(after_id, n)). Both fetch one extra row."""
    key = decode_cursor(cursor)
    if q is not None and q.strip():
        lucene = lucene_query(q)
        skip = int(key.get("o", 0)) if str(key.get("o", 0)).isdigit() else 0
        rows = await search(lucene, skip, limit + 1) if lucene else []
        return page_of(rows, limit, lambda _last: {"o": skip + limit})
    after = key.get("after")
    rows = await scan(after if isinstance(after, str) else None, limit + 1)
    return page_of(rows, limit, lambda last: {"after": last.id})
