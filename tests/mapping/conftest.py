"""Fixtures of the mapping tests."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from app.deps import shared
from app.graph.ball import TeamBallCache
from app.mapping import limits


@pytest.fixture(params=["one statement", "in parts"])
def step_reads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A search's step reads as served (a frontier of limits.SPLIT_FRONT people or more in
    parts), or every frontier of two people or more read in three parts and every bounded last
    step read far ends first: the oracle then checks how the parts are put back together."""
    if request.param == "in parts":
        monkeypatch.setattr(limits, "SPLIT_FRONT", 2)
        monkeypatch.setattr(limits, "STEP_PARTS", 3)
        monkeypatch.setattr(limits, "WIDE_STEP", 2)
    return str(request.param)


@pytest.fixture
async def balls(app: FastAPI) -> AsyncIterator[TeamBallCache]:
    """The app's cache, allowed to rebuild at once (its pause between builds set to 0)."""
    cache = shared(app.state, "team_ball", TeamBallCache)
    pause = cache.min_interval_s
    cache.min_interval_s = 0.0
    yield cache
    cache.min_interval_s = pause
