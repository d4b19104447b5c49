"""Fixtures of the mapping tests."""

import pytest

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
