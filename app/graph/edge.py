"""An edge as every graph answer uses it: a stored relationship and its strength at a moment."""

import math
from dataclasses import dataclass, field
from typing import Any

from app.common.kinds import DEFAULT_STRENGTH, RelType

Row = dict[str, Any]


def new_edge(rel_type: RelType, strength: float | None = None) -> Row:
    """What a new edge stores about its strength: one given by hand (`manual`), else its
    type's documented default (`default`). A KNOWS edge that interactions create starts from
    KNOWS_FROM_INTERACTIONS instead, and its interactions' mass raises it."""
    base = DEFAULT_STRENGTH[rel_type] if strength is None else strength
    source = "default" if strength is None else "manual"
    return {"strength_base": base, "strength": base, "strength_source": source}


KNOWS_FROM_INTERACTIONS: Row = {
    "strength_base": 0.0,
    "strength": 0.0,
    "strength_source": "interactions",
    "props_json": "{}",
}


@dataclass(slots=True, unsafe_hash=True)
class Edge:
    """Never changed once made. Not a frozen dataclass only because making one of those costs
    four times as much (3.3 against 0.8 us), and a ranking makes thousands per request."""

    id: str
    type: str
    source: str
    target: str
    strength: float
    row: dict[str, Any] = field(compare=False, hash=False, repr=False)
    cost: float = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        self.cost = -math.log(self.strength) if self.strength > 0 else math.inf

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source

    @classmethod
    def of(cls, row: Row, strength: float) -> "Edge":
        """A stored row (id, type, source_id, target_id, ...) with its strength evaluated."""
        return cls(row["id"], row["type"], row["source_id"], row["target_id"], strength, row)
