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
from typing import Any, Protocol

from app.common.kinds import InteractionKind
from app.config import Settings
from app.db.convert import now

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
        mass_at = row.get("mass_at")
        if as_of is None or mass_at is None or as_of.timestamp() >= mass_at:
            return self.current(row, as_of)
        if self.history is None:
            raise ValueError("a past strength needs the pair's interactions (no history given)")
        # Before the newest interaction: rebuild from the interactions up to as_of.
        touches = await self.history.pair_interactions(row["source_id"], row["target_id"], as_of)
        mass, rebuilt_at = self.model.rebuild_from_rows(touches)
        base = float(row.get("strength_base") or 0.0)
        return self.model.evaluate(base, mass, rebuilt_at, as_of.timestamp())
