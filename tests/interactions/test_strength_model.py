"""The strength model on its own (no database): exactness of incremental updates."""

import math
import random

import pytest

from app.common.kinds import InteractionKind
from app.config import DEFAULT_KIND_HALF_LIVES_DAYS, DEFAULT_KIND_WEIGHTS
from app.graph.strength import DAY, StrengthModel

MODEL = StrengthModel(
    {InteractionKind(k): v for k, v in DEFAULT_KIND_WEIGHTS.items()},
    {InteractionKind(k): v for k, v in DEFAULT_KIND_HALF_LIVES_DAYS.items()},
)


def direct(touches: list[tuple[InteractionKind, float, float]], at: float, base: float) -> float:
    total = sum(
        amount * 0.5 ** ((at - when) / (DEFAULT_KIND_HALF_LIVES_DAYS[kind.value] * DAY))
        for kind, when, amount in touches
        if when <= at
    )
    return 1 - (1 - base) * math.exp(-total)


@pytest.mark.parametrize("seed", range(20))
def test_any_arrival_order_gives_the_direct_sum(seed: int) -> None:
    rng = random.Random(seed)
    touches = [
        (rng.choice(list(InteractionKind)), rng.uniform(0, 400 * DAY), rng.uniform(0.01, 1.5))
        for _ in range(rng.randint(1, 30))
    ]
    base = rng.choice([0.0, 0.3, 0.8])
    newest = max(t[1] for t in touches)
    results = []
    for _ in range(4):
        rng.shuffle(touches)
        mass, mass_at = MODEL.rebuild(touches)
        assert mass_at == newest
        results.append(MODEL.evaluate(base, mass, mass_at, newest + 30 * DAY))
    for got in results:
        assert got == pytest.approx(direct(touches, newest + 30 * DAY, base), rel=1e-12)
        assert base <= got < 1


def test_contribution_shares_and_tilts() -> None:
    meeting = InteractionKind.MEETING
    assert MODEL.contribution(meeting, 2, None) == DEFAULT_KIND_WEIGHTS["meeting"]
    assert MODEL.contribution(meeting, 11, None) == pytest.approx(
        DEFAULT_KIND_WEIGHTS["meeting"] / 10
    )
    assert MODEL.contribution(meeting, 2, 1.0) == pytest.approx(
        1.25 * MODEL.contribution(meeting, 2, None)
    )
    assert MODEL.contribution(meeting, 2, -1.0) == pytest.approx(
        0.75 * MODEL.contribution(meeting, 2, None)
    )
    assert MODEL.evaluate(0.4, None, None, 0.0) == 0.4
