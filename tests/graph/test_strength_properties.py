"""Property-based tests of the strength model (app/graph/strength.py), no database.

The oracle is the model's definition in docs/strength.md, recomputed here from scratch:
per kind, mass_k(t) = sum of amount * 2^(-(t - t_i) / h_k) over that kind's interactions, and
s(t) = 1 - (1 - base) * exp(-sum_k mass_k(t)). Nothing of the model's own code is reused.
"""

import asyncio
import itertools
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.common.kinds import InteractionKind
from app.config import DEFAULT_KIND_HALF_LIVES_DAYS, DEFAULT_KIND_WEIGHTS
from app.graph.strength import KINDS, StrengthClock, StrengthModel

SECONDS_PER_DAY = 86_400.0
# no deadline, no example database (nothing written to the tree), and no "too slow" health
# check: generation time depends on the machine's load, the tests' outcome must not
FAST = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

kinds = st.sampled_from(list(InteractionKind))
days = st.floats(min_value=0.0, max_value=400.0, allow_nan=False)
amounts = st.floats(min_value=0.0, max_value=2.0, allow_nan=False)
bases = st.floats(min_value=0.0, max_value=0.99, allow_nan=False)
sentiments = st.none() | st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


@st.composite
def models(draw: st.DrawFn) -> StrengthModel:
    """The default model, or one with random weights and half-lives (0.5 to 400 days)."""
    if draw(st.booleans()):
        return StrengthModel(
            {InteractionKind(k): v for k, v in DEFAULT_KIND_WEIGHTS.items()},
            {InteractionKind(k): v for k, v in DEFAULT_KIND_HALF_LIVES_DAYS.items()},
        )
    weights = {k: draw(st.floats(min_value=0.0, max_value=3.0)) for k in InteractionKind}
    halves = {k: draw(st.floats(min_value=0.5, max_value=400.0)) for k in InteractionKind}
    return StrengthModel(weights, halves)


Touch = tuple[InteractionKind, float, float]  # (kind, at in epoch seconds, amount)


@st.composite
def touch_lists(draw: st.DrawFn, min_size: int = 1, max_size: int = 12) -> list[Touch]:
    """Interactions (kind, epoch seconds, amount); some share a time (ties in `add`)."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    out: list[Touch] = []
    for _ in range(size):
        if out and draw(st.integers(0, 4)) == 0:
            at = draw(st.sampled_from([t[1] for t in out]))
        else:
            at = draw(days) * SECONDS_PER_DAY
        out.append((draw(kinds), at, draw(amounts)))
    return out


def half_life_s(model: StrengthModel, kind: InteractionKind) -> float:
    return model.half_life_days[kind] * SECONDS_PER_DAY


def direct_mass(model: StrengthModel, touches: list[Touch], t_ref: float) -> dict:
    """Per kind: sum of amount * 2^(-(t_ref - t) / half_life) over the touches up to t_ref."""
    out = dict.fromkeys(InteractionKind, 0.0)
    for kind, at, amount in touches:
        if at <= t_ref:
            out[kind] += amount * 2.0 ** (-(t_ref - at) / half_life_s(model, kind))
    return out


def direct_strength(model: StrengthModel, touches: list[Touch], base: float, t: float) -> float:
    return 1.0 - (1.0 - base) * math.exp(-sum(direct_mass(model, touches, t).values()))


def fold(model: StrengthModel, touches: list[Touch]) -> tuple[list[float] | None, float | None]:
    mass: list[float] | None = None
    mass_at: float | None = None
    for kind, at, amount in touches:
        mass, mass_at = model.add(mass, mass_at, kind, at, amount)
    return mass, mass_at


def same_mass(got: list[float] | None, want: dict) -> None:
    assert got is not None and len(got) == len(InteractionKind)
    by_kind = dict(zip(KINDS, got, strict=True))
    for kind in InteractionKind:
        assert by_kind[kind] == pytest.approx(want[kind], rel=1e-9, abs=1e-12), kind


@FAST
@given(model=models(), data=st.data())
def test_folding_in_any_order_gives_the_direct_sum(model: StrengthModel, data: Any) -> None:
    touches = data.draw(touch_lists())
    shuffled = data.draw(st.permutations(touches))
    newest = max(at for _, at, _ in touches)
    want = direct_mass(model, touches, newest)
    results = [fold(model, touches), fold(model, shuffled), model.rebuild(shuffled)]
    for mass, mass_at in results:
        assert mass_at == newest
        same_mass(mass, want)


@FAST
@given(model=models(), data=st.data())
def test_folding_into_an_existing_mass_is_exact(model: StrengthModel, data: Any) -> None:
    """rebuild(first part), then add the rest one by one: the same as everything at once."""
    touches = data.draw(touch_lists(min_size=2))
    cut = data.draw(st.integers(min_value=1, max_value=len(touches) - 1))
    mass, mass_at = model.rebuild(touches[:cut])
    for kind, at, amount in touches[cut:]:
        mass, mass_at = model.add(mass, mass_at, kind, at, amount)
    newest = max(at for _, at, _ in touches)
    assert mass_at == newest
    same_mass(mass, direct_mass(model, touches, newest))


@FAST
@given(model=models(), data=st.data(), base=bases, later=st.floats(0.0, 500.0))
def test_evaluate_is_the_direct_formula(
    model: StrengthModel, data: Any, base: float, later: float
) -> None:
    touches = data.draw(touch_lists())
    mass, mass_at = model.rebuild(data.draw(st.permutations(touches)))
    assert mass_at is not None
    t = mass_at + later * SECONDS_PER_DAY
    want = direct_strength(model, touches, base, t)
    assert model.evaluate(base, mass, mass_at, t) == pytest.approx(want, rel=1e-9, abs=1e-12)


@FAST
@given(
    model=models(),
    data=st.data(),
    base=bases,
    gaps=st.lists(st.floats(0.0, 1000.0), min_size=2, max_size=6),
)
def test_evaluate_is_bounded_and_decays_after_the_last_interaction(
    model: StrengthModel, data: Any, base: float, gaps: list[float]
) -> None:
    touches = data.draw(touch_lists())
    mass, mass_at = model.rebuild(touches)
    assert mass_at is not None
    # total mass is at most 12 * 2: exp(-24) keeps s below 1 in floating point for base <= 0.99
    times = [mass_at + g * SECONDS_PER_DAY for g in sorted(gaps)]
    values = [model.evaluate(base, mass, mass_at, t) for t in times]
    for v in values:
        assert base - 1e-15 <= v < 1.0
    for earlier, later in itertools.pairwise(values):
        assert later <= earlier  # non-increasing as time passes with no interaction
    # far in the future (thousands of half-lives), only the base is left
    far = mass_at + 1e4 * max(model.half_life_days.values()) * SECONDS_PER_DAY
    assert model.evaluate(base, mass, mass_at, far) == pytest.approx(base, abs=1e-12)


@FAST
@given(model=models(), data=st.data(), b1=bases, b2=bases, later=st.floats(0.0, 300.0))
def test_evaluate_is_monotone_in_base_and_in_evidence(
    model: StrengthModel, data: Any, b1: float, b2: float, later: float
) -> None:
    touches = data.draw(touch_lists())
    mass, mass_at = model.rebuild(touches)
    assert mass_at is not None
    t = mass_at + later * SECONDS_PER_DAY
    low, high = sorted((b1, b2))
    assert model.evaluate(low, mass, mass_at, t) <= model.evaluate(high, mass, mass_at, t)
    # one more interaction (at or before t) never lowers the strength at t
    kind = data.draw(kinds)
    at = data.draw(st.floats(0.0, t, allow_nan=False))
    amount = data.draw(st.floats(0.01, 2.0))
    more, more_at = model.add(mass, mass_at, kind, at, amount)
    t2 = max(t, more_at)
    before = model.evaluate(b1, mass, mass_at, t2)
    after = model.evaluate(b1, more, more_at, t2)
    assert after >= before - 1e-12
    decayed = amount * 2.0 ** (-(t2 - at) / half_life_s(model, kind))
    if before < 0.9 and decayed > 1e-6:
        assert after > before  # strictly, until floating point saturates


@FAST
@given(model=models(), base=st.floats(0.0, 1.0), t=st.floats(0.0, 1e10))
def test_no_mass_is_the_base(model: StrengthModel, base: float, t: float) -> None:
    assert model.evaluate(base, None, None, t) == base
    assert model.evaluate(base, [], None, t) == base
    zeros = [0.0] * len(InteractionKind)
    assert model.evaluate(base, zeros, t, t) == pytest.approx(base, abs=1e-15)


@FAST
@given(
    model=models(),
    kind=kinds,
    participants=st.integers(min_value=2, max_value=100),
    sentiment=sentiments,
)
def test_contribution_splits_the_group_and_tilts_by_sentiment(
    model: StrengthModel, kind: InteractionKind, participants: int, sentiment: float | None
) -> None:
    weight = model.weights[kind]
    got = model.contribution(kind, participants, sentiment)
    plain = model.contribution(kind, participants, None)
    assert plain == pytest.approx(weight / (participants - 1), rel=1e-12, abs=1e-300)
    # each participant's pairs together get one full weight: a share of 1/(n-1) per pair
    assert plain * (participants - 1) == pytest.approx(weight, rel=1e-12, abs=1e-300)
    assert model.contribution(kind, participants, 0.0) == plain
    tilt = 1.0 + 0.25 * (sentiment or 0.0)
    assert got == pytest.approx(plain * tilt, rel=1e-12, abs=1e-300)
    assert 0.75 * plain - 1e-15 <= got <= 1.25 * plain + 1e-15  # within +-25 %
    # more participants never give a pair more
    assert model.contribution(kind, participants + 1, sentiment) <= got
    # sentiment is monotone
    if sentiment is not None:
        assert model.contribution(kind, participants, min(1.0, sentiment + 0.1)) >= got


Row = dict[str, Any]


@st.composite
def interaction_rows(draw: st.DrawFn) -> list[Row]:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=10))):
        at = draw(days) * SECONDS_PER_DAY + 1.7e9
        rows.append(
            {
                "kind": draw(kinds).value,
                "occurred_at": datetime.fromtimestamp(round(at), tz=UTC),
                "participants": draw(st.integers(min_value=2, max_value=20)),
                "sentiment": draw(sentiments),
            }
        )
    return rows


def touches_of(model: StrengthModel, rows: list[Row]) -> list[Touch]:
    """(kind, at, amount) with the amount from docs/strength.md: w / (n - 1) * (1 + 0.25 s)."""
    out = []
    for row in rows:
        kind = InteractionKind(row["kind"])
        amount = model.weights[kind] / (row["participants"] - 1)
        amount *= 1.0 + 0.25 * (row["sentiment"] or 0.0)
        out.append((kind, row["occurred_at"].timestamp(), amount))
    return out


@FAST
@given(model=models(), rows=interaction_rows())
def test_rebuild_from_rows_is_the_direct_sum_of_contributions(
    model: StrengthModel, rows: list[Row]
) -> None:
    mass, mass_at = model.rebuild_from_rows(rows)
    touches = touches_of(model, rows)
    newest = max(at for _, at, _ in touches)
    assert mass_at == newest
    same_mass(mass, direct_mass(model, touches, newest))


class FakeHistory:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.asked: list[tuple[str, str, datetime]] = []

    async def pair_interactions(self, a: str, b: str, as_of: datetime, /) -> list[Row]:
        self.asked.append((a, b, as_of))
        return [r for r in self.rows if r["occurred_at"] <= as_of]


@FAST
@given(model=models(), rows=interaction_rows(), base=bases, when=st.floats(-10.0, 500.0))
def test_clock_as_of_counts_what_had_happened_by_then(
    model: StrengthModel, rows: list[Row], base: float, when: float
) -> None:
    """StrengthClock.at: from the stored state at or after mass_at, rebuilt from the pair's
    interactions before it; both equal the direct formula over the interactions up to as_of."""
    mass, mass_at = model.rebuild_from_rows(rows)
    assert mass_at is not None
    stored = {
        "source_id": "a",
        "target_id": "b",
        "strength_base": base,
        "mass": mass,
        "mass_at": mass_at,
    }
    history = FakeHistory(rows)
    clock = StrengthClock(model, history)
    as_of = datetime.fromtimestamp(1.7e9 + when * SECONDS_PER_DAY, tz=UTC)
    got = asyncio.run(clock.at(stored, as_of))
    want = direct_strength(model, touches_of(model, rows), base, as_of.timestamp())
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    assert bool(history.asked) == (as_of.timestamp() < mass_at)
    if as_of.timestamp() >= mass_at:
        assert clock.at_epoch(stored, as_of.timestamp()) == got
        assert clock.current(stored, as_of) == got
    # without a stored base the base is 0
    assert clock.at_epoch({"mass": None, "mass_at": None}, 0.0) == 0.0
