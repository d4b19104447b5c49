"""The filters of GET /v1/people, and how `attr.<key>=<value>` is matched exactly.

Attributes are stored as one JSON text (`attributes_json`, compact, keys sorted:
app/db/convert.py dumps). A top-level attribute equal to a value always leaves its exact JSON
text `"key":<value>` in that text, so the statement keeps only people whose text contains it
(cypher/fragments/person_filter.cypher: no index, but a cheap test on rows already read); the
parsed attributes are then compared exactly here (a nested object holding the same pair, or a
longer number starting with the same digits, drops out). A value matches an attribute that is
that text, or that is the number / true / false the text reads as: `attr.seats=10` finds
{"seats": 10} and {"seats": "10"}.
"""

import json
import math
from dataclasses import dataclass, field
from typing import Any

from app.common.kinds import Role
from app.errors import Unprocessable
from app.people.repository import email_key

ATTR_PREFIX = "attr."
MAX_ATTRS = 10


def _scalar(text: str) -> Any:
    """The number / boolean a query value reads as, or the text itself."""
    if text in ("true", "false"):
        return text == "true"
    try:
        number = json.loads(text)
    except ValueError:
        return text
    if isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number):
        return number
    return text


def _same(stored: Any, wanted: str) -> bool:
    if isinstance(stored, str):
        return stored == wanted
    read = _scalar(wanted)
    if isinstance(stored, bool) or isinstance(read, bool):
        return isinstance(stored, bool) and stored is read
    if isinstance(stored, int | float) and isinstance(read, int | float):
        return float(stored) == float(read)
    return False


def _texts(key: str, value: str) -> list[str]:
    """The JSON texts `"key":<value>` that an attribute equal to value leaves in
    attributes_json (json.dumps as app/db/convert.py writes them)."""
    name = json.dumps(key)
    out = [f"{name}:{json.dumps(value)}"]
    read = _scalar(value)
    if not isinstance(read, str):
        out.append(f"{name}:{json.dumps(read)}")
        if isinstance(read, float) and read.is_integer():
            out.append(f"{name}:{json.dumps(int(read))}")
        if isinstance(read, int) and not isinstance(read, bool):
            out.append(f"{name}:{json.dumps(float(read))}")
    return list(dict.fromkeys(out))


def attribute_filters(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The `attr.<key>=<value>` pairs of a query string, in order; a 422 for an empty key or
    too many of them."""
    pairs = [
        (name[len(ATTR_PREFIX) :], value) for name, value in query if name.startswith(ATTR_PREFIX)
    ]
    for key, value in pairs:
        if not key or len(key) > 100 or len(value) > 300:
            raise Unprocessable(
                "an attribute filter is attr.<key>=<value>: a key of 1..100 characters, a "
                "value of at most 300",
                errors=[{"loc": ["query", ATTR_PREFIX + key], "msg": "invalid attribute filter"}],
            )
    if len(pairs) > MAX_ATTRS:
        raise Unprocessable(
            f"at most {MAX_ATTRS} attribute filters",
            errors=[{"loc": ["query", "attr"], "msg": "too many attribute filters"}],
        )
    return pairs


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    email: str | None = None
    external_id: str | None = None
    company_id: str | None = None
    is_team: bool | None = None
    role: Role | None = None
    industry: str | None = None
    location: str | None = None
    tags: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str]] = field(default_factory=list)

    def params(self) -> dict[str, Any]:
        """The `f` map of the statements (cypher/fragments/person_filter.cypher)."""
        return {
            "email": email_key(self.email.strip()) if self.email else None,
            "external_id": self.external_id,
            "company_id": self.company_id,
            "is_team": self.is_team,
            "role": self.role.value if self.role else None,
            "industry": self.industry.lower() if self.industry else None,
            "location": self.location.lower() if self.location else None,
            "tags": list(dict.fromkeys(self.tags)),
            "attrs": [_texts(k, v) for k, v in self.attrs],
        }

    def holds(self, attributes: dict[str, Any]) -> bool:
        """The exact attribute test the statement's text test only narrows to."""
        return all(k in attributes and _same(attributes[k], v) for k, v in self.attrs)
