"""bench/stats.py's paired measurement, on a fake clock: its ratio must not move with the
machine's drift between rounds, nor with the slow calls right after the other side's."""

import asyncio
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import stats


class FakeClock:
    """perf_counter for bench/stats.py: each call moves it on by what the call costs."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@settings(max_examples=60, deadline=None)
@given(
    first_ms=st.floats(0.1, 50),
    second_ms=st.floats(0.1, 50),
    drift=st.lists(st.floats(0.5, 2.0), min_size=1, max_size=12),
    settle_penalty_ms=st.floats(0, 100),
    block=st.integers(5, 30),
    settle=st.integers(0, 4),
)
def test_the_paired_ratio_is_the_true_ratio_whatever_the_drift_between_rounds(
    first_ms: float,
    second_ms: float,
    drift: list[float],
    settle_penalty_ms: float,
    block: int,
    settle: int,
) -> None:
    clock = FakeClock()
    calls = {"n": 0}

    def side(cost_ms: float) -> stats.Call:
        async def call(_: Any) -> bool:
            i = calls["n"]
            calls["n"] += 1
            round_no, k = divmod(i, 2 * block)
            factor = drift[round_no % len(drift)]  # the machine, slower or faster by round
            penalty = settle_penalty_ms if k % block < settle else 0.0  # after the other side
            clock.now += (cost_ms * factor + penalty) / 1000.0
            return True

        return call

    inputs = [(i, i) for i in range(7)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "perf_counter", clock)  # the module bench/stats.py reads it from
        got = asyncio.run(
            stats.paired(
                stats.timed_block(side(first_ms), settle=settle),
                stats.timed_block(side(second_ms), settle=settle),
                inputs,
                budget_s=0.0,
                block=block,
                min_rounds=len(drift),
            )
        )
    assert got["rounds"] == len(drift)
    assert got["ratio_median"] == pytest.approx(first_ms / second_ms, rel=2e-3, abs=2e-3)
    assert got["failed"] == 0
