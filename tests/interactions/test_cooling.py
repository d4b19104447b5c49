"""GET /v1/relationships/cooling: strong relationships that have gone quiet."""

import random
from datetime import UTC, datetime

import httpx
import pytest

from tests.helpers import assert_problem, person
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import ago, knows, log

pytestmark = pytest.mark.anyio


async def _world(client: httpx.AsyncClient) -> dict:
    """Pairs and their interactions: name pair -> list of oracle touches."""
    names = ["Ada", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
    p = {n: await person(client, n, is_team=(n in ("Ada", "Hal"))) for n in names}
    plan: dict[tuple[str, str], list[tuple[str, int]]] = {
        ("Ada", "Bob"): [("meeting", 200 + i) for i in range(6)],  # strong, quiet: team
        ("Ada", "Cy"): [("meeting", 300 + i) for i in range(5)] + [("call", 10)],  # recent touch
        ("Dee", "Eve"): [("note", 200)],  # weak and quiet
        ("Fay", "Gus"): [("call", 150 + 3 * i) for i in range(8)],  # strong, quiet: no team
        ("Gus", "Hal"): [("meeting", 120), ("email", 130)],  # middling, quiet: team
    }
    touches: dict[tuple[str, str], list] = {}
    for (a, b), items in plan.items():
        touches[(a, b)] = []
        for kind, days in items:
            when = ago(days)
            await log(client, kind, when, p[a], p[b])
            touches[(a, b)].append((kind, when, 2, None))
    return {"people": p, "touches": touches}


def _expected(world: dict, min_strength: float, inactive_days: float, team_only: bool) -> list:
    now = datetime.now(UTC)
    team = {"Ada", "Hal"}
    rows = []
    for pair, touches in world["touches"].items():
        newest = max(t[1] for t in touches)
        peak = strength(touches, newest)
        if peak < min_strength or (now - newest).days < inactive_days:
            continue
        if team_only and not team & set(pair):
            continue
        rows.append((strength(touches, now), pair, newest, peak))
    return sorted(rows, reverse=True)


async def test_cooling_lists_strong_quiet_relationships_strongest_first(
    client: httpx.AsyncClient,
) -> None:
    world = await _world(client)
    ids = {v["id"]: k for k, v in world["people"].items()}
    for params in (
        {},
        {"team_only": "true"},
        {"min_strength": 0.1, "inactive_days": 100},
        {"min_strength": 0.0, "inactive_days": 5},
        {"inactive_days": 365},
    ):
        page = (await client.get("/v1/relationships/cooling", params=params)).json()
        expected = _expected(
            world,
            float(params.get("min_strength", 0.4)),
            float(params.get("inactive_days", 90)),
            params.get("team_only") == "true",
        )
        got = [tuple(sorted((ids[r["source_id"]], ids[r["target_id"]]))) for r in page["items"]]
        assert got == [tuple(sorted(e[1])) for e in expected], params
        for item, (now_strength, _pair, newest, peak) in zip(page["items"], expected, strict=True):
            assert item["type"] == "KNOWS"
            assert item["strength"] == pytest.approx(now_strength, abs=1e-6)
            assert item["strength_at_last_interaction"] == pytest.approx(peak, abs=1e-9)
            assert datetime.fromisoformat(item["last_interaction_at"]) == newest
    default = _expected(world, 0.4, 90, False)
    assert {e[1] for e in default} == {("Ada", "Bob"), ("Fay", "Gus"), ("Gus", "Hal")}


async def test_cooling_pages_keep_the_order(client: httpx.AsyncClient) -> None:
    world = await _world(client)
    whole = (
        await client.get("/v1/relationships/cooling", params={"min_strength": 0, "limit": 200})
    ).json()
    assert whole["next_cursor"] is None and len(whole["items"]) == 4
    seen, cursor = [], None
    while True:
        params = {"min_strength": 0, "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/relationships/cooling", params=params)).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [r["id"] for r in whole["items"]]
    assert world  # built


async def test_cooling_rejects_bad_parameters(client: httpx.AsyncClient) -> None:
    for params in ({"min_strength": 2}, {"inactive_days": -1}, {"limit": 0}):
        assert_problem(await client.get("/v1/relationships/cooling", params=params), 422)
    assert_problem(await client.get("/v1/relationships/cooling", params={"cursor": "x"}), 400)


async def test_cooling_pages_equal_a_direct_ranking_of_every_edge(
    client: httpx.AsyncClient,
) -> None:
    """More edges than a page's first read (app/interactions/repository.py reads the strongest
    stored strengths first, 16 per row of the page): old strong ties and newer weaker ones, of
    kinds that fade at different rates, some with a strength set by hand, so the order by stored
    strength is not the order by current strength. Every page of every listing must equal the
    oracle's ranking of all of them."""
    rng = random.Random(16)
    people = [await person(client, f"P{i}", is_team=i < 2) for i in range(14)]
    kinds = ["meeting", "call", "event", "email", "message", "social", "note"]
    pairs = rng.sample([(a, b) for a in range(14) for b in range(a + 1, 14)], 70)
    world: dict[tuple[int, int], tuple[list, float]] = {}
    for a, b in pairs:
        touches = []
        for _ in range(rng.randint(1, 3)):
            kind, when = rng.choice(kinds), ago(rng.uniform(0.5, 400.0))
            await log(client, kind, when, people[a], people[b])
            touches.append((kind, when, 2, None))
        base = 0.0
        if rng.random() < 0.25:  # a strength set by hand: a floor under the decay
            base = round(rng.uniform(0.05, 0.6), 3)
            edge = await knows(client, people[a], people[b])
            patched = await client.patch(f"/v1/relationships/{edge['id']}", json={"strength": base})
            assert patched.status_code == 200, patched.text
        world[(a, b)] = (touches, base)
    ids = {p["id"]: i for i, p in enumerate(people)}

    def expected(min_strength: float, inactive_days: float, team_only: bool) -> list:
        now = datetime.now(UTC)
        rows = []
        for (a, b), (touches, base) in world.items():
            newest = max(t[1] for t in touches)
            peak = strength(touches, newest, base)
            if peak < min_strength or (now - newest).total_seconds() < inactive_days * 86_400:
                continue
            if team_only and min(a, b) >= 2:
                continue
            rows.append((strength(touches, now, base), (a, b), peak))
        return sorted(rows, reverse=True)

    ranked_by_stored = sorted(expected(0, 0, False), key=lambda r: -r[2])
    assert [r[1] for r in ranked_by_stored] != [r[1] for r in expected(0, 0, False)]
    for min_strength, inactive_days, team_only, limit in [
        (0, 0, False, 1),
        (0, 0, False, 3),
        (0.3, 30, False, 2),
        (0.5, 0, False, 4),
        (0, 120, False, 50),
        (0, 20, True, 2),
    ]:
        params: dict[str, str | float] = {
            "min_strength": min_strength,
            "inactive_days": inactive_days,
            "team_only": str(team_only).lower(),
            "limit": limit,
        }
        want = expected(min_strength, inactive_days, team_only)
        got: list[dict] = []
        cursor: str | None = None
        pages = 0
        while True:
            page = await client.get(
                "/v1/relationships/cooling",
                params={**params, **({"cursor": cursor} if cursor else {})},
            )
            assert page.status_code == 200, page.text
            body = page.json()
            assert len(body["items"]) <= limit
            got += body["items"]
            pages += 1
            cursor = body["next_cursor"]
            if not cursor:
                break
        assert pages == max(1, -(-len(want) // limit)), params
        pairs_got = [tuple(sorted((ids[r["source_id"]], ids[r["target_id"]]))) for r in got]
        assert pairs_got == [w[1] for w in want], params
        for item, (now_strength, _pair, peak) in zip(got, want, strict=True):
            assert item["strength"] == pytest.approx(now_strength, abs=1e-6)
            assert item["strength_at_last_interaction"] == pytest.approx(peak, abs=1e-9)
