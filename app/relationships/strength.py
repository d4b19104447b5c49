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
from typing import Any

from app.common.kinds import InteractionKind

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
