"""Syncs keep edits: what an import writes to a node or an edge that exists already.

Every node and edge an import writes remembers what that import said, field by field
(`import_json`: stored field -> the value last imported, JSON). A stored value that differs from
it was changed through the API since: the next import keeps it and reports a conflict, unless
the import is told `on_conflict=overwrite`. A field that has no import record yet (a node made by
hand, or an import before this record existed) is simply set, as before, with one exception: a
WORKS_AT ended in relmap (current false, or an until) is never reopened by an import that did not
end it. A row that reaches a person through an alias (a merged duplicate's external_id) never
writes: the merge decided what the survivor holds, and the row's differences are conflicts.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.db.convert import loads

Row = dict[str, Any]

RECORD = "import_json"
# Stored keys written with another key, never compared or reported on their own.
FOLLOWERS = {"email_key": "email", "domain_key": "domain", "strength_source": "strength_base"}
# Stored key -> the field name an answer uses.
API_NAMES = {
    "attributes_json": "attributes",
    "props_json": "properties",
    "strength_base": "strength",
}
ENDED = ("current", "until")


class OnConflict(StrEnum):
    KEEP = "keep"
    OVERWRITE = "overwrite"


class Reason(StrEnum):
    EDITED = "edited"  # changed through the API since the last import
    ENDED = "ended"  # a WORKS_AT ended in relmap, never by an import
    MERGED = "merged"  # the row names a merged duplicate (an alias)


def encoded(value: Any) -> Any:
    """A stored value in the form the record keeps (JSON: dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "to_native"):  # neo4j.time values
        return value.to_native().isoformat()
    if isinstance(value, list):
        return [encoded(v) for v in value]
    return value


def answered(key: str, value: Any) -> Any:
    """A stored value as an answer shows it (attributes and properties as objects)."""
    if key in ("attributes_json", "props_json"):
        return loads(value) if isinstance(value, str) else value
    return encoded(value)


def api_name(key: str) -> str:
    return API_NAMES.get(key, key)


def record_of(stored: Row | None) -> Row:
    raw = (stored or {}).get(RECORD)
    if not raw:
        return {}
    loaded = json.loads(raw)
    return loaded if isinstance(loaded, dict) else {}


_RECORD_JSON = json.JSONEncoder(separators=(",", ":"), sort_keys=True)  # one for every row


def dump_record(record: Row) -> str:
    return _RECORD_JSON.encode(record)


@dataclass
class Conflict:
    key: str  # stored key
    relmap: Any  # the value relmap held before this import
    incoming: Any
    reason: Reason
    overwritten: bool


@dataclass
class Plan:
    """What one row does to one node or edge."""

    write: Row = field(default_factory=dict)  # stored props to set (with the new record)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # key -> (old, new)
    conflicts: list[Conflict] = field(default_factory=list)
    created: bool = False

    @property
    def touched(self) -> bool:
        """A field changes: the node or edge is updated (updated_at moves)."""
        return self.created or bool(self.changes)


def _is_ended(values: Row) -> bool:
    return values.get("current") is False or values.get("until") is not None


def plan_row(
    incoming: Row,
    stored: Row | None,
    *,
    overwrite: bool,
    via_alias: bool = False,
    works_at: bool = False,
    aliases: frozenset[str] = frozenset(),
) -> Plan:
    """incoming: the row's stored-form props; stored: the node or edge as it is (None: new).
    `aliases`: values an alias row may carry without a conflict (the survivor's alias emails,
    lower-cased)."""
    plan = Plan()
    leaders = {k: v for k, v in incoming.items() if k not in FOLLOWERS}
    if stored is None:
        plan.created = True
        plan.write = {**incoming, RECORD: dump_record({k: encoded(v) for k, v in leaders.items()})}
        plan.changes = {k: (None, v) for k, v in leaders.items() if v is not None}
        return plan
    old_record = record_of(stored)
    record = dict(old_record)
    reopen = works_at and _is_ended(stored) and not _is_ended({**stored, **incoming})
    for key, value in leaders.items():
        current = stored.get(key)
        if encoded(current) == encoded(value):
            if not via_alias:
                record[key] = encoded(value)
            continue
        if via_alias:
            if not (isinstance(value, str) and value.lower() in aliases):
                plan.conflicts.append(Conflict(key, current, value, Reason.MERGED, False))
            continue
        reason: Reason | None = None
        if key in old_record and encoded(current) != old_record[key]:
            reason = Reason.EDITED
        elif reopen and key in ENDED and key not in old_record:
            reason = Reason.ENDED
        if reason is not None:
            plan.conflicts.append(Conflict(key, current, value, reason, overwrite))
            if not overwrite:
                continue
        plan.write[key] = value
        plan.write.update(
            {f: incoming[f] for f, lead in FOLLOWERS.items() if lead == key and f in incoming}
        )
        plan.changes[key] = (current, value)
        record[key] = encoded(value)
    if record != old_record:
        plan.write[RECORD] = dump_record(record)
    return plan
