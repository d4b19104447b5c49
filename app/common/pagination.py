"""Opaque cursors for keyset pagination, and the page envelope."""

import base64
import binascii
import hashlib
import hmac
import json
import math
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, Field, create_model

from app.common.schemas import MAX_YEAR, MIN_YEAR, parse_moment
from app.common.text import lucene_query
from app.errors import BadRequest

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        None,
        description="pass as `cursor` for the next page; null on the last page",
        examples=["eyJhZnRlciI6IjViMGMifQ.mO9xZfVw0KcTqS3dYb1HxQ"],
    )

    def __class_getitem__(cls, params: Any) -> Any:
        """Page[Person] is a subclass named PersonPage: pydantic would name its component schema
        Page_Person_, a name generated clients turn into PagePerson or worse."""
        page = super().__class_getitem__(params)
        if cls is not Page or not isinstance(page, type) or not _is_model(params):
            return page  # Page[T] inside generic code stays what pydantic made
        named = _NAMED_PAGES.get(params)
        if named is None:
            name = f"{params.__name__}Page"
            named = create_model(name, __base__=page, __module__=params.__module__)
            _NAMED_PAGES[params] = named
        return named


def _is_model(params: Any) -> bool:
    return isinstance(params, type) and issubclass(params, BaseModel)


_NAMED_PAGES: dict[type[BaseModel], type[BaseModel]] = {}


# Cursors are signed, so the API only ever reads back what it gave out. The key must be the
# same in every API process behind one address (a cursor from one may reach another):
# RELMAP_CURSOR_SECRET sets it; the built-in one still tells issued cursors from typed ones.
_SECRET = os.environ.get("RELMAP_CURSOR_SECRET", "relmap-cursor-v1").encode()
_TAG_BYTES = 16
_MAX_CURSOR = 2048
_MAX_OFFSET = 1_000_000_000
_BAD_CURSOR = "cursor is not one this API gave out"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))


def _tag(payload: str) -> str:
    return _b64(hmac.new(_SECRET, payload.encode("ascii"), hashlib.sha256).digest()[:_TAG_BYTES])


def encode_cursor(key: dict[str, Any]) -> str:
    payload = _b64(json.dumps(key, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_tag(payload)}"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 500


def _moment(value: Any) -> bool:
    try:
        parse_moment(value)
    except ValueError:
        return False
    return isinstance(value, str)


def _signed(_: Any) -> bool:
    return True


_EARLIEST = datetime(MIN_YEAR, 1, 2, tzinfo=UTC).timestamp()
_LATEST = datetime(MAX_YEAR, 12, 30, tzinfo=UTC).timestamp()

# What each key of a cursor may hold (checked even though signed: a cursor of an older
# release, or one signed with a leaked key, must not reach a query). A key not listed here is
# one a newer service writes: signed, so ours; list it to have it checked.
_FIELDS: dict[str, Callable[[Any], bool]] = {
    "o": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= _MAX_OFFSET,
    "after": _text,
    "id": _text,
    "c": _text,
    "at": _moment,
    "s": _number,
    "now": lambda v: _number(v) and _EARLIEST <= v <= _LATEST,
}


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """The key a cursor carries; a 400 for any cursor this API did not sign, or whose fields
    are not what the API puts there (a cursor of another version)."""
    if not cursor:
        return {}
    payload, dot, tag = cursor.partition(".")
    if (
        len(cursor) > _MAX_CURSOR
        or not dot
        or not cursor.isascii()
        or not hmac.compare_digest(tag, _tag(payload))
    ):
        raise BadRequest(_BAD_CURSOR)
    try:
        key = json.loads(_unb64(payload))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest(_BAD_CURSOR) from None
    if not isinstance(key, dict) or not all(
        _FIELDS.get(name, _signed)(value) for name, value in key.items()
    ):
        raise BadRequest(_BAD_CURSOR)
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
        skip = int(key.get("o", 0))
        rows = await search(lucene, skip, limit + 1) if lucene else []
        return page_of(rows, limit, lambda _last: {"o": skip + limit})
    after = key.get("after")
    rows = await scan(after if isinstance(after, str) else None, limit + 1)
    return page_of(rows, limit, lambda last: {"after": last.id})
