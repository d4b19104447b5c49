"""Values coming out of Neo4j, made plain Python at the repository boundary."""

import json
import re
from datetime import UTC, datetime
from typing import Any

from neo4j.time import Date, DateTime

_PLAIN = frozenset({str, int, float, bool, type(None)})


def native(value: Any) -> Any:
    """neo4j.time values become datetime/date (UTC when no zone); containers are walked.
    Plain values and containers are told by their exact type first: isinstance against the
    driver's temporal classes (an ABC's check) was a tenth of a decay scan's CPU."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {k: native(v) for k, v in value.items()}
    if kind is list:
        return [native(v) for v in value]
    if isinstance(value, DateTime):
        dt = value.to_native()
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


# Cypher's toString of a DateTime (or a LocalDateTime): the seconds' fraction has up to nine
# digits, then an offset (Z or +hh:mm, sometimes +hh:mm:ss) and a zone name in brackets, if any
_MOMENT = re.compile(r"([^.\[]*?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[[^\]]*\])?")


def moment(text: str | None) -> datetime | None:
    """A DateTime that a statement sent as text (toString), as native() makes the driver's own:
    the nanoseconds cut to microseconds, UTC when it has no offset. Hydrating a driver DateTime
    costs about 40 us of Python, parsing its text about 0.5 (7 with a zone name: bench/notes.md)."""
    if text is None:
        return None
    if "[" not in text:  # no zone name: Python reads it as it is (a fraction past 6 digits cut)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return value if value.tzinfo else value.replace(tzinfo=UTC)
    found = _MOMENT.fullmatch(text)
    if found is None:
        raise ValueError(f"not a datetime: {text!r}")
    head, fraction, offset = found.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    value = datetime.fromisoformat(head + (offset or "")).replace(microsecond=micros)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# one encoder for every call: json.dumps with options builds a new one each time (a third of
# a small map's encoding, and an import encodes one or two per row)
_FREE_FORM = json.JSONEncoder(separators=(",", ":"), sort_keys=True, default=str)


def dumps(value: dict[str, Any] | None) -> str:
    """Free-form maps (attributes, properties) are kept as JSON text: Neo4j has no map values."""
    return _FREE_FORM.encode(value or {})


def loads(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    loaded = json.loads(value)
    return loaded if isinstance(loaded, dict) else {}


def now() -> datetime:
    return datetime.now(UTC)


_AS_TEXT = ("created_at", "updated_at", "last_interaction_at", "occurred_at")


def record_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A map a statement returned, made plain: the datetimes that the *_fields fragments
    (and a few statements) send as text read back as the driver's own."""
    data: dict[str, Any] = native(row)
    for key in _AS_TEXT:
        if isinstance(data.get(key), str):
            data[key] = moment(data[key])
    return data


def node_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A node map as returned by a statement -> model fields (attributes_json parsed)."""
    data = record_fields(row)
    data["attributes"] = loads(data.pop("attributes_json", None))
    data["tags"] = data.get("tags") or []
    return data


def node_properties(fields: dict[str, Any]) -> dict[str, Any]:
    """Model fields -> node properties: attributes kept as JSON text."""
    props = dict(fields)
    if "attributes" in props:
        props["attributes_json"] = dumps(props.pop("attributes"))
    return props
