"""Opaque cursors for keyset pagination, and the page envelope."""

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

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
