"""Values coming out of Neo4j, made plain Python at the repository boundary."""

import json
from datetime import UTC, datetime
from typing import Any

from neo4j.time import Date, DateTime


def native(value: Any) -> Any:
    """neo4j.time values become datetime/date (UTC when no zone); containers are walked."""
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


def node_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A node map as returned by a statement -> model fields (attributes_json parsed)."""
    data: dict[str, Any] = native(row)
    data["attributes"] = loads(data.pop("attributes_json", None))
    data["tags"] = data.get("tags") or []
    return data


def node_properties(fields: dict[str, Any]) -> dict[str, Any]:
    """Model fields -> node properties: attributes kept as JSON text."""
    props = dict(fields)
    if "attributes" in props:
        props["attributes_json"] = dumps(props.pop("attributes"))
    return props
