"""Query parameters several routers share."""

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import Header, Query, Response
from pydantic import BaseModel

from app.common.etag import if_none_match_hit, json_tag, record_json
from app.common.kinds import RelType
from app.common.schemas import Moment
from app.errors import Unprocessable, responses

AsOf = Annotated[
    Moment | None,
    Query(description="RFC 3339 moment: strengths as they were then (default: now)"),
]


def any_case(word: str) -> str:
    """A regex for `word` in any letter case (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def names_pattern(names: list[str]) -> str:
    """What a comma list of these names may be: any letter case, blanks around them and
    empty items ignored, empty meaning all (parse_types, events' parse_relations)."""
    name = f"(?:{'|'.join(any_case(n) for n in names)})"
    return rf"^\s*{name}?(?:\s*,\s*{name}?)*\s*$"


TYPES_PATTERN = names_pattern([t.value for t in RelType])


def parse_types(
    raw: str | None, allowed: tuple[RelType, ...] = tuple(RelType)
) -> list[RelType] | None:
    """'KNOWS,WORKS_AT' -> [RelType.KNOWS, RelType.WORKS_AT]; unknown names are a 422."""
    if raw is None or not raw.strip():
        return None
    out: list[RelType] = []
    for name in (part.strip().upper() for part in raw.split(",")):
        if not name:
            continue
        try:
            rel = RelType(name)
        except ValueError:
            rel = None
        if rel is None or rel not in allowed:
            raise Unprocessable(
                f"unknown relationship type {name!r}; use {', '.join(a.value for a in allowed)}",
                errors=[{"loc": ["query", "types"], "msg": f"unknown type {name}"}],
            )
        out.append(rel)
    return list(dict.fromkeys(out))


def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise Unprocessable(
            "as_of needs a timezone (RFC 3339, e.g. 2026-01-31T09:00:00Z)",
            errors=[{"loc": ["query", "as_of"], "msg": "timezone missing"}],
        )
    return moment


# Page parameters of every list route (app/common/pagination.py reads and writes cursors).
Limit = Annotated[int, Query(ge=1, le=200, description="page size (1..200)")]
Cursor = Annotated[
    str | None, Query(description="the next_cursor of the previous page; omit for the first")
]


# Conditional requests on one resource (app/common/etag.py says what a tag names).
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        description="an ETag from an earlier answer: 304 Not Modified, no body, while the "
        "resource is still in that state",
    ),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="the ETag the change is based on: 412 Precondition Failed, nothing "
        "written, when the resource has changed since (`*`: any state)",
    ),
]
_ETAG_HEADER = {
    "ETag": {
        "description": "strong tag of the resource's stored state (for If-None-Match, If-Match)",
        "schema": {"type": "string"},
    }
}
TAGGED: dict[int | str, dict[str, Any]] = {
    200: {"headers": _ETAG_HEADER},
    304: {
        "description": "Not Modified: If-None-Match names the current tag",
        "headers": _ETAG_HEADER,
    },
}
CONDITIONAL_WRITE: dict[int | str, dict[str, Any]] = {
    **responses(412),
    200: {"headers": _ETAG_HEADER},
}
CONDITIONAL_DELETE: dict[int | str, dict[str, Any]] = responses(412)


def tagged(record: BaseModel, if_none_match: str | None, tag: str | None = None) -> Response:
    """The record's JSON with its ETag, or a bodiless 304 when If-None-Match names that tag.
    The tag is the record's own (entity_tag, the hash of this JSON) unless the route's tag names
    a stored state instead (a relationship's strength decays as it is read). The JSON is the
    route's response model's, written once: FastAPI would check the record again against that
    model and write it a second time (GET /v1/people/{id}: 0.646 -> 0.586 ms of CPU in-process,
    bench/notes.md)."""
    body = record_json(record)
    if tag is None:
        tag = json_tag(body)
    if if_none_match_hit(if_none_match, tag):
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json", headers={"ETag": tag})
