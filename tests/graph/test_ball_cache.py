"""TeamBallCache.ensure (app/graph/ball.py): a batch that waits for the team's ball gets the
ball of its own graph version and team, whatever build was running when it asked."""

import asyncio
from typing import Any

import pytest

from app.graph.ball import TeamBallCache

pytestmark = pytest.mark.anyio

Row = dict[str, Any]


def edges_of(team: frozenset[str], gate: asyncio.Event | None = None) -> Any:
    """An expand that links each team member to one contact (after `gate` opens, if given)."""

    async def expand(ids: list[str], limit: int) -> list[Row]:
        if gate is not None:
            await gate.wait()
        return [
            {"id": f"e-{i}", "source_id": i, "target_id": f"c-{i}", "strength": 0.5}
            for i in ids
            if i in team
        ]

    return expand


def strength(row: Row) -> float:
    return float(row["strength"])


async def test_a_build_running_for_another_team_is_waited_out_then_ours_is_built() -> None:
    balls = TeamBallCache(min_interval_s=3600.0)  # refresh alone would not start a second build
    old, new = frozenset({"a"}), frozenset({"b", "c"})
    gate = asyncio.Event()
    balls.refresh(1, old, edges_of(old, gate), strength)
    waiting = asyncio.create_task(balls.ensure(2, new, edges_of(new), strength))
    await asyncio.sleep(0)
    gate.set()
    ball = await asyncio.wait_for(waiting, 5)
    assert ball is not None and ball.team == new and ball.version == 2
    assert set(ball.one) == {"c-b", "c-c"}
    assert balls.get(2, new) is ball and balls.get(1, old) is None


async def test_a_ball_already_held_is_returned_without_a_build() -> None:
    balls = TeamBallCache()
    team = frozenset({"a"})
    first = await balls.ensure(7, team, edges_of(team), strength)
    assert first is not None

    async def never(ids: list[str], limit: int) -> list[Row]:
        raise AssertionError("no build was needed")

    assert await balls.ensure(7, team, never, strength) is first


async def test_a_failing_build_leaves_no_ball() -> None:
    balls = TeamBallCache()

    async def broken(ids: list[str], limit: int) -> list[Row]:
        raise RuntimeError("the database went away")

    assert await balls.ensure(3, frozenset({"a"}), broken, strength) is None
    assert balls.get(3, frozenset({"a"})) is None
