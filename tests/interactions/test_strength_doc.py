"""The worked example of docs/strength.md: its numbers, recomputed here from the formula
alone and read back through the API after logging the example's interactions."""

import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.helpers import person
from tests.interactions.test_interactions import knows, log, strength_at

pytestmark = pytest.mark.anyio

DOC = Path(__file__).resolve().parents[2] / "docs" / "strength.md"
DAY0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=300)


def doc_table() -> list[tuple[int, float, float, float]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- worked-example", 1)[1]
    rows: list[tuple[int, float, float, float]] = []
    for line in block.splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if re.fullmatch(r"\d+", cells[0]):
            rows.append((int(cells[0]), float(cells[1]), float(cells[2]), float(cells[3])))
    return rows


def evidence(day: float) -> float:
    """The example by hand: a 1:1 meeting (sentiment 0.4) on day 0, a 5-person email on day
    30; weights 1.0 and 0.4, half-lives 120 and 60 days."""
    meeting = 1.0 * (1 + 0.25 * 0.4) * 2 ** (-day / 120)
    email = 0.4 / 4 * 2 ** (-(day - 30) / 60) if day >= 30 else 0.0
    return meeting + email


def test_the_doc_numbers_follow_from_the_formula() -> None:
    rows = doc_table()
    assert [r[0] for r in rows] == [0, 30, 60, 240]
    for day, ev, s0, s5 in rows:
        assert ev == pytest.approx(evidence(day), abs=1e-6)
        assert s0 == pytest.approx(1 - math.exp(-evidence(day)), abs=1e-6)
        assert s5 == pytest.approx(1 - 0.5 * math.exp(-evidence(day)), abs=1e-6)


async def test_the_api_reproduces_the_worked_example(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    others = [await person(client, n) for n in ("Cy", "Dee", "Eve")]
    # the email first, the older meeting a week later: out of order
    await log(client, "email", DAY0 + timedelta(days=30), ada, bob, *others)
    await log(client, "meeting", DAY0, ada, bob, sentiment=0.4)
    rel = await knows(client, ada, bob)
    stored = await app.state.db.read_one("get_relationship", id=rel["id"])
    assert stored["rel"]["mass"][1] == pytest.approx(1.1 * 2 ** (-30 / 120))  # meeting
    assert stored["rel"]["mass"][0] == pytest.approx(0.1)  # email
    rows = doc_table()
    for day, _ev, s0, _s5 in rows:
        got = await strength_at(client, rel["id"], DAY0 + timedelta(days=day))
        assert got == pytest.approx(s0, abs=1e-6), day
    patched = await client.patch(f"/v1/relationships/{rel['id']}", json={"strength": 0.5})
    assert patched.status_code == 200
    assert patched.json()["strength_source"] == "manual+interactions"
    for day, _ev, _s0, s5 in rows:
        got = await strength_at(client, rel["id"], DAY0 + timedelta(days=day))
        assert got == pytest.approx(s5, abs=1e-6), day
