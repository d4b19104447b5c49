"""Entity tags (RFC 9110 §8.8.3) for single resources, and the two comparisons on them.

A tag names the *stored* state of a resource: a hash of the record as its read statement
returns it (for people, companies, events and saved segments that record is the whole
representation). A relationship's `strength` is evaluated from its stored record at read time
(decay), so its tag moves when the relationship is written (a PATCH, a logged interaction, an
import), not as the clock turns: `If-Match` on a PATCH keeps working however old the GET, and a
304 means "nothing was written since". Tags are strong, so `If-Match` can compare them.
"""

import hashlib
import json
from typing import Any

from pydantic import BaseModel

ANY = "*"


def _plain(value: Any) -> Any:
    """What json cannot write (datetimes, the driver's temporal types) as their ISO text."""
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def record_json(record: BaseModel) -> bytes:
    """A read model's JSON as the API answers it (by alias, the model's field order), written
    by pydantic in one pass."""
    return record.__pydantic_serializer__.to_json(record, by_alias=True)


def json_tag(body: bytes) -> str:
    """The quoted strong tag of a JSON text."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def entity_tag(record: object) -> str:
    """The quoted strong tag of a record, a read model or a stored map (same record, same tag,
    in any process). A read model's is the hash of the very JSON a GET answers with
    (params.tagged), so that JSON is written once a request."""
    if isinstance(record, BaseModel):
        return json_tag(record_json(record))
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=_plain)
    return json_tag(text.encode())


def _tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",") if t.strip()]


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def if_match_holds(header: str | None, current: str) -> bool:
    """If-Match: absent, `*`, or one of its tags equal to the current one (strong comparison:
    a weak tag never matches)."""
    if header is None:
        return True
    tags = _tags(header)
    return ANY in tags or current in tags


def if_none_match_hit(header: str | None, current: str) -> bool:
    """If-None-Match names the current tag (weak comparison) or `*`: the client's copy is
    current, answer 304."""
    if header is None:
        return False
    tags = _tags(header)
    return ANY in tags or any(_opaque(t) == current for t in tags)
