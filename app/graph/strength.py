"""Relationship strength as a function of time (docs/strength.md explains the model).

An edge keeps:
- `base`: a strength set by hand (or the per-type default) that does not decay;
- `mass`: per interaction kind, the decayed sum of its interactions' contributions, valid at
  `mass_at` (epoch seconds of the newest interaction).

    s(t) = 1 - (1 - base) * exp(-sum_k mass_k * 2^(-(t - mass_at) / half_life_k))

Adding an interaction is exact in any arrival order: a newer one decays the stored mass to its
own time first; an older one is decayed to `mass_at` before it is added. Both give the same
sum as a recomputation from all interactions, so out-of-order arrival changes nothing.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from app.common.kinds import InteractionKind
from app.config import Settings
from app.db.convert import native, now

Row = dict[str, Any]

KINDS: tuple[InteractionKind, ...] = tuple(InteractionKind)  # the order of `mass`
DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class StrengthModel:
    weights: dict[InteractionKind, float]
    half_life_days: dict[InteractionKind, float]
    # per kind, in the order of `mass`: ln 2 / half-life in seconds (evaluate runs per edge)
    _rates: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rates = tuple(math.log(2.0) / (self.half_life_days[k] * DAY) for k in KINDS)
        object.__setattr__(self, "_rates", rates)

    @property
    def half_lives_s(self) -> list[float]:
        return [self.half_life_days[k] * DAY for k in KINDS]

    def contribution(
        self, kind: InteractionKind, participants: int, sentiment: float | None
    ) -> float:
        """One interaction's addition to each participating pair, at its own time.

        A one-to-one touch counts fully; in a group of n each pair gets 1/(n-1) of it, so a
        large meeting says less about any single pair. Sentiment tilts it by at most 25 %.
        """
        group = 1.0 / max(participants - 1, 1)
        tilt = 1.0 + 0.25 * (sentiment or 0.0)
        return self.weights[kind] * group * tilt

    def add(
        self,
        mass: Sequence[float] | None,
        mass_at: float | None,
        kind: InteractionKind,
        at: float,
        amount: float,
    ) -> tuple[list[float], float]:
        """Fold one contribution made at `at` into (mass, mass_at)."""
        current = list(mass) if mass is not None else [0.0] * len(KINDS)
        ref = at if mass_at is None else mass_at
        index = KINDS.index(kind)
        half = self.half_lives_s
        if at >= ref:
            current = [m * 2.0 ** (-(at - ref) / h) for m, h in zip(current, half, strict=True)]
            current[index] += amount
            return current, at
        current[index] += amount * 2.0 ** (-(ref - at) / half[index])
        return current, ref

    def rebuild(
        self, touches: Iterable[tuple[InteractionKind, float, float]]
    ) -> tuple[list[float] | None, float | None]:
        """(mass, mass_at) from scratch, from (kind, at, amount) triples in any order."""
        mass: list[float] | None = None
        mass_at: float | None = None
        for kind, at, amount in touches:
            mass, mass_at = self.add(mass, mass_at, kind, at, amount)
        return mass, mass_at

    def rebuild_from_rows(
        self, rows: Iterable[Mapping[str, Any]]
    ) -> tuple[list[float] | None, float | None]:
        """(mass, mass_at) from stored interactions: rows with kind, occurred_at (datetime),
        participants and sentiment, as pair_interactions returns them."""
        return self.rebuild(
            (
                InteractionKind(row["kind"]),
                row["occurred_at"].timestamp(),
                self.contribution(
                    InteractionKind(row["kind"]), int(row["participants"]), row.get("sentiment")
                ),
            )
            for row in rows
        )

    @staticmethod
    def stored(base: float, mass: Sequence[float] | None) -> float:
        """The strength an edge stores: its value at mass_at, its newest interaction (no decay
        yet), so an upper bound of every later one that a statement can filter by. Statements
        that write it compute cypher/fragments' `stored_strength`, the same formula."""
        return 1.0 - (1.0 - base) * math.exp(-sum(mass or ()))

    def evaluate(
        self, base: float, mass: Sequence[float] | None, mass_at: float | None, at: float
    ) -> float:
        """Strength at time `at` (>= mass_at; earlier times need a rebuild from interactions)."""
        if not mass or mass_at is None:
            return base
        elapsed = at - mass_at if at > mass_at else 0.0
        total = 0.0
        for m, rate in zip(mass, self._rates, strict=True):
            if m:
                total += m * math.exp(-elapsed * rate)  # m * 2^(-elapsed / half-life)
        return 1.0 - (1.0 - base) * math.exp(-total)


def strength_model(settings: Settings) -> StrengthModel:
    """The model the settings configure (STRENGTH_KIND_WEIGHTS, STRENGTH_HALF_LIFE_DAYS)."""
    return StrengthModel(settings.strength_kind_weights, settings.strength_half_life_days)


StrengthSource = Literal["default", "manual", "interactions", "manual+interactions"]


def strength_source(row: Mapping[str, Any], interaction_count: int) -> StrengthSource:
    """Where a strength comes from, as relationships answer it. The edge stores where its
    base comes from (`strength_source`: `manual` set by hand, `default` the type's default,
    `interactions` base 0 for a KNOWS edge that interactions created); interactions (as many
    as there were at the moment asked about) raise it: a hand-set base they raise is
    `manual+interactions`, any other base they raise is `interactions`."""
    manual = str(row.get("strength_source") or "default").startswith("manual")
    if interaction_count > 0:
        return "manual+interactions" if manual else "interactions"
    return "manual" if manual else "default"


def born_of_interactions(row: Mapping[str, Any]) -> bool:
    """A KNOWS edge that interactions alone made (base 0, no hand-set or default base): it
    exists only while it has interactions."""
    return row.get("strength_source") == "interactions" and not float(
        row.get("strength_base") or 0.0
    )


@dataclass(frozen=True, slots=True)
class EdgeState:
    """A stored edge as it was at a moment: its strength, its interactions up to then, the
    source of its strength then, and whether it existed yet (made by then, or with an
    interaction by then: an interaction logged late about the past makes its pair's edge exist
    from the interaction's time on)."""

    strength: float
    last_interaction_at: datetime | None
    interaction_count: int
    source: StrengthSource
    existed: bool


class History(Protocol):
    """Where a pair's interactions are read when a past strength needs a rebuild."""

    async def pair_interactions(self, a: str, b: str, as_of: datetime, /) -> list[Row]: ...


class StrengthClock:
    """A stored edge's strength at a moment: now, an epoch second, or a past `as_of`. The one
    place where stored rows (strength_base, mass, mass_at) become strengths."""

    def __init__(self, model: StrengthModel, history: History | None = None) -> None:
        self.model = model
        self.history = history

    def current(self, row: Row, at: datetime | None = None) -> float:
        """Strength at `at` (default now) from the stored state; exact when at >= mass_at."""
        return self.at_epoch(row, (at or now()).timestamp())

    def at_epoch(self, row: Row, moment: float) -> float:
        """current() at a moment given in epoch seconds (for loops over many edges)."""
        return self.model.evaluate(
            float(row.get("strength_base") or 0.0), row.get("mass"), row.get("mass_at"), moment
        )

    async def at(self, row: Row, as_of: datetime | None) -> float:
        return (await self.state(row, as_of)).strength

    @staticmethod
    def needs_history(row: Row, as_of: datetime | None) -> bool:
        """Whether the edge's state at as_of must be rebuilt from its interactions (as_of is
        before its newest one); otherwise the stored state is exact."""
        mass_at = row.get("mass_at")
        return as_of is not None and mass_at is not None and as_of.timestamp() < mass_at

    async def state(self, row: Row, as_of: datetime | None) -> EdgeState:
        """The edge as it was at as_of (default now)."""
        if not self.needs_history(row, as_of):
            return self.stored_state(row, as_of)
        assert as_of is not None
        if self.history is None:
            raise ValueError("a past strength needs the pair's interactions (no history given)")
        # Before the newest interaction: rebuild from the interactions up to as_of.
        touches = await self.history.pair_interactions(row["source_id"], row["target_id"], as_of)
        return self.rebuilt_state(row, touches, as_of)

    def stored_state(self, row: Row, at: datetime | None = None) -> EdgeState:
        """The state at `at` (default now) from the stored fields: exact when at >= mass_at."""
        moment = at or now()
        count = int(row.get("interaction_count") or 0)
        return EdgeState(
            self.current(row, moment),
            row.get("last_interaction_at"),
            count,
            strength_source(row, count),
            self._existed(row, moment, count),
        )

    def rebuilt_state(self, row: Row, touches: list[Row], at: datetime) -> EdgeState:
        """The state at `at` from the pair's interactions up to then (rows with kind,
        occurred_at, participants, sentiment) and the edge's base."""
        mass, mass_at = self.model.rebuild_from_rows(touches)
        base = float(row.get("strength_base") or 0.0)
        count = len(touches)
        return EdgeState(
            self.model.evaluate(base, mass, mass_at, at.timestamp()),
            max((t["occurred_at"] for t in touches), default=None),
            count,
            strength_source(row, count),
            self._existed(row, at, count),
        )

    @staticmethod
    def _existed(row: Row, at: datetime, count: int) -> bool:
        if count > 0:
            return True
        if born_of_interactions(row):
            return False
        created = native(row.get("created_at"))  # the driver's DateTime in plain reads
        return not isinstance(created, datetime) or created <= at
