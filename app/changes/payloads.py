"""What a change's `data` says about an entity: the entity after the change, as the API shows it.

Repositories call these inside their write transactions (Tx.record), with the rows their
statements return, so a payload never needs a read of its own.
"""

from datetime import datetime
from functools import lru_cache
from typing import Any

from app.config import get_settings
from app.db.convert import loads, record_fields
from app.graph.strength import StrengthClock, strength_model, strength_source

Row = dict[str, Any]
# WORKS_AT's typed properties (app/relationships/schemas.py WORKS_AT_FIELDS), stored natively
WORKS_AT_FIELDS = ("title", "role", "department", "since", "until", "current")


@lru_cache(maxsize=1)
def clock() -> StrengthClock:
    """The strength model the process's settings configure (STRENGTH_* variables)."""
    return StrengthClock(strength_model(get_settings()))


def strength(row: Row, at: datetime | None = None) -> float:
    """A stored relationship row's strength now (or at `at`), as edge() answers it."""
    return round(clock().current(row, at), 12)


def edge(row: Row, at: datetime | None = None) -> Row:
    """A stored relationship row (as get_relationship returns it, its datetimes as the driver's
    or as text) -> the relationship object, with its strength now (or at `at`: the decay
    scanner's moment)."""
    rel = record_fields(row)
    props = loads(rel.get("props_json"))
    if rel.get("type") == "WORKS_AT":
        for key in WORKS_AT_FIELDS:
            if rel.get(key) is not None:
                props[key] = rel[key]
        props.setdefault("current", rel.get("until") is None)
    count = int(rel.get("interaction_count") or 0)
    return {
        "id": rel["id"],
        "type": rel["type"],
        "source_id": rel["source_id"],
        "target_id": rel["target_id"],
        "strength": strength(rel, at),
        "strength_source": strength_source(rel, count),
        "properties": props,
        "last_interaction_at": rel.get("last_interaction_at"),
        "interaction_count": count,
        "created_at": rel.get("created_at"),
        "updated_at": rel.get("updated_at"),
    }
