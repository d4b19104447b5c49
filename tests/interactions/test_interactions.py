"""Interactions through HTTP: logging them, what they do to KNOWS strength, timelines."""

import asyncio
import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.common.kinds import InteractionKind
from app.config import get_settings
from app.graph.strength import KINDS, StrengthModel
from tests.helpers import assert_problem, person, relate
from tests.interactions.oracle import strength

pytestmark = pytest.mark.anyio

NOW = datetime.now(UTC).replace(microsecond=0)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def log(
    client: httpx.AsyncClient,
    kind: str,
    when: datetime,
    *people: dict,
    sentiment: float | None = None,
    **extra: object,
) -> dict:
    body = {
        "kind": kind,
        "occurred_at": iso(when),
        "participant_ids": [p["id"] for p in people],
        "sentiment": sentiment,
        **extra,
    }
    response = await client.post("/v1/interactions", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def knows(client: httpx.AsyncClient, a: dict, b: dict) -> dict:
    page = (
        await client.get("/v1/relationships", params={"node_id": a["id"], "type": "KNOWS"})
    ).json()
    found = [r for r in page["items"] if {r["source_id"], r["target_id"]} == {a["id"], b["id"]}]
    assert len(found) == 1, page
    return found[0]


async def strength_at(client: httpx.AsyncClient, rel_id: str, at: datetime | None = None) -> float:
    params = {"as_of": iso(at)} if at else {}
    response = await client.get(f"/v1/relationships/{rel_id}", params=params)
    assert response.status_code == 200, response.text
    return float(response.json()["strength"])


# -- logging -------------------------------------------------------------------------------


async def test_logging_creates_a_knows_edge_for_every_pair(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    when = ago(3)
    logged = await log(client, "meeting", when, ada, bob, cy, summary="kick-off", sentiment=0.4)
    assert logged["kind"] == "meeting" and logged["summary"] == "kick-off"
    assert logged["participant_count"] == 3
    assert {p["name"] for p in logged["participants"]} == {"Ada", "Bob", "Cy"}
    assert len(logged["relationships"]) == 3
    for a, b in ((ada, bob), (ada, cy), (bob, cy)):
        rel = await knows(client, a, b)
        assert rel["strength_source"] == "interactions"
        assert rel["interaction_count"] == 1
        assert datetime.fromisoformat(rel["last_interaction_at"]) == when
        expected = strength([("meeting", when, 3, 0.4)], datetime.now(UTC))
        assert rel["strength"] == pytest.approx(expected, abs=1e-6)


async def test_an_existing_knows_edge_is_reused_in_either_direction(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    manual = await relate(client, "KNOWS", bob, ada, strength=0.5)
    await log(client, "call", ago(1), ada, bob)
    await log(client, "email", ago(2), bob, ada)
    rel = await knows(client, ada, bob)
    assert rel["id"] == manual["id"]
    assert (rel["source_id"], rel["target_id"]) == (bob["id"], ada["id"])
    assert rel["strength_source"] == "manual+interactions" and rel["interaction_count"] == 2


async def test_bad_interactions_are_refused(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    ok = {"kind": "call", "occurred_at": iso(ago(1)), "participant_ids": [ada["id"], bob["id"]]}
    cases = [
        ({**ok, "occurred_at": iso(NOW + timedelta(days=3))}, 422),
        ({**ok, "participant_ids": [ada["id"]]}, 422),
        ({**ok, "participant_ids": [ada["id"], ada["id"]]}, 422),
        ({**ok, "participant_ids": [ada["id"], "nobody"]}, 404),
        ({**ok, "sentiment": 1.5}, 422),
        ({**ok, "kind": "telepathy"}, 422),
        ({**ok, "occurred_at": "2026-01-01T10:00:00"}, 422),
    ]
    for body, status in cases:
        assert_problem(await client.post("/v1/interactions", json=body), status)
    # nothing of the refused ones was stored
    timeline = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()
    assert timeline["items"] == []
    # a little in the future (clock skew) is fine
    await log(client, "call", NOW + timedelta(hours=2), ada, bob)


async def test_external_id_is_unique(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    await log(client, "call", ago(1), ada, bob, external_id="crm-call-1")
    body = {
        "kind": "call",
        "occurred_at": iso(ago(2)),
        "participant_ids": [ada["id"], bob["id"]],
        "external_id": "crm-call-1",
    }
    assert_problem(await client.post("/v1/interactions", json=body), 409)
    assert (await knows(client, ada, bob))["interaction_count"] == 1


# -- the properties of the strength model ---------------------------------------------------


async def test_strength_is_bounded_and_grows_with_more_interactions(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    seen: list[float] = []
    for i in range(40):
        await log(client, "meeting", ago(40 - i), ada, bob, sentiment=1.0)
        rel = await knows(client, ada, bob)
        seen.append(await strength_at(client, rel["id"], ago(0)))
    assert all(0.0 <= s <= 1.0 for s in seen)
    assert seen == sorted(seen)
    assert len(set(seen[:12])) == 12  # strictly higher with each, until it saturates near 1
    assert seen[-1] > 0.999


async def test_recent_interactions_count_more(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    await log(client, "email", ago(5), ada, bob)
    await log(client, "email", ago(200), ada, cy)
    recent = (await knows(client, ada, bob))["strength"]
    old = (await knows(client, ada, cy))["strength"]
    assert recent > old > 0


async def test_strength_decays_when_nothing_happens(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    when = ago(400)
    await log(client, "meeting", when, ada, bob)
    rel = await knows(client, ada, bob)
    later = [
        await strength_at(client, rel["id"], when + timedelta(days=d)) for d in (0, 30, 120, 390)
    ]
    assert later == sorted(later, reverse=True) and len(set(later)) == 4
    # what a read returns today is the decayed value, not the one stored at the write
    assert rel["strength"] == pytest.approx(later[-1], abs=0.01)
    assert rel["strength"] == pytest.approx(strength([("meeting", when, 2, None)], NOW), abs=1e-4)


async def test_large_groups_say_less_about_each_pair(client: httpx.AsyncClient) -> None:
    people = [await person(client, f"P{i}") for i in range(8)]
    when = ago(1)
    await log(client, "meeting", when, people[0], people[1])
    await log(client, "meeting", when, *people[2:8])
    one_to_one = (await knows(client, people[0], people[1]))["strength"]
    in_group = (await knows(client, people[2], people[3]))["strength"]
    assert one_to_one > in_group > 0


async def test_kind_weights_and_half_lives_come_from_settings(
    make_app: object, client: httpx.AsyncClient
) -> None:
    weights = {k.value: 0.5 for k in InteractionKind}
    halves = {k.value: 10.0 for k in InteractionKind}
    other = make_app(strength_kind_weights=weights, strength_half_life_days=halves)  # type: ignore[operator]
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            ada, bob = await person(http, "Ada"), await person(http, "Bob")
            when = ago(20)
            await log(http, "note", when, ada, bob)
            rel = await knows(http, ada, bob)
    expected = strength([("note", when, 2, None)], datetime.now(UTC), 0.0, weights, halves)
    assert rel["strength"] == pytest.approx(expected, abs=1e-6)
    # 0.5 weight, 20 days = 2 half-lives: 1 - exp(-0.5 / 4), unlike the default note weights
    assert expected == pytest.approx(1 - 2.718281828459045**-0.125, abs=1e-3)


async def test_manual_strength_is_kept_and_combined(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    rel = await relate(client, "KNOWS", ada, bob, strength=0.6)
    when = ago(10)
    await log(client, "call", when, ada, bob, sentiment=-0.5)
    now_rel = await knows(client, ada, bob)
    assert now_rel["strength_source"] == "manual+interactions"
    expected = strength([("call", when, 2, -0.5)], datetime.now(UTC), base=0.6)
    assert now_rel["strength"] == pytest.approx(expected, abs=1e-6)
    assert now_rel["strength"] > 0.6
    # long after, it decays back to the hand-set value and never below
    far = await strength_at(client, rel["id"], NOW + timedelta(days=3650))
    assert far == pytest.approx(0.6, abs=1e-6) and far >= 0.6
    # setting it by hand again keeps the interactions on top of the new base
    patched = (await client.patch(f"/v1/relationships/{rel['id']}", json={"strength": 0.2})).json()
    expected = strength([("call", when, 2, -0.5)], datetime.now(UTC), base=0.2)
    assert patched["strength"] == pytest.approx(expected, abs=1e-6)


async def test_as_of_gives_the_strength_as_it_was_then(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    first, second = ago(100), ago(20)
    await log(client, "meeting", first, ada, bob)
    await log(client, "email", second, ada, bob, sentiment=0.8)
    rel = await knows(client, ada, bob)
    touches = [("meeting", first, 2, None), ("email", second, 2, 0.8)]
    for at in (ago(60), ago(20), ago(5)):
        got = await strength_at(client, rel["id"], at)
        assert got == pytest.approx(strength(touches, at), abs=1e-9), at
    # before its first interaction the edge did not exist: as_of then finds no such edge
    before = await client.get(f"/v1/relationships/{rel['id']}", params={"as_of": iso(ago(150))})
    assert_problem(before, 404)


def _random_touches(rng: random.Random, count: int) -> list[tuple[str, datetime, float | None]]:
    out = []
    for _ in range(count):
        kind = rng.choice(list(InteractionKind)).value
        when = ago(rng.uniform(0, 500)).replace(microsecond=0)
        sentiment = rng.choice([None, round(rng.uniform(-1, 1), 2)])
        out.append((kind, when, sentiment))
    return out


@pytest.mark.parametrize("seed", [7, 2026])
async def test_arrival_order_does_not_matter(
    client: httpx.AsyncClient, app: FastAPI, seed: int
) -> None:
    rng = random.Random(seed)
    touches = _random_touches(rng, 25)
    in_order = [await person(client, "Ada"), await person(client, "Bob")]
    shuffled = [await person(client, "Ann"), await person(client, "Ben")]
    for kind, when, sentiment in sorted(touches, key=lambda t: t[1]):
        await log(client, kind, when, *in_order, sentiment=sentiment)
    mixed = touches[:]
    rng.shuffle(mixed)
    for kind, when, sentiment in mixed:
        await log(client, kind, when, *shuffled, sentiment=sentiment)
    a = await knows(client, *in_order)
    b = await knows(client, *shuffled)
    newest = max(t[1] for t in touches)
    oracle = [(k, w, 2, s) for k, w, s in touches]
    for at in (newest, NOW, NOW + timedelta(days=100), ago(250)):
        sa, sb = await strength_at(client, a["id"], at), await strength_at(client, b["id"], at)
        assert sa == pytest.approx(sb, abs=1e-9)
        assert sa == pytest.approx(strength(oracle, at), abs=1e-9)
    # the stored state written by the Cypher update equals the model's rebuild from scratch
    settings = get_settings()
    model = StrengthModel(settings.strength_kind_weights, settings.strength_half_life_days)
    mass, mass_at = model.rebuild(
        (InteractionKind(k), w.timestamp(), model.contribution(InteractionKind(k), 2, s))
        for k, w, s in touches
    )
    for rel in (a, b):
        stored = await app.state.db.read_one("get_relationship", id=rel["id"])
        assert stored["rel"]["mass_at"] == pytest.approx(mass_at)
        assert stored["rel"]["mass"] == pytest.approx(mass, rel=1e-12)
        assert len(stored["rel"]["mass"]) == len(KINDS)


async def test_concurrent_interactions_are_all_counted(client: httpx.AsyncClient) -> None:
    people = [await person(client, n) for n in ("Ada", "Bob", "Cy")]
    moments = [ago(i + 0.5) for i in range(24)]
    results = await asyncio.gather(
        *(
            client.post(
                "/v1/interactions",
                json={
                    "kind": "message",
                    "occurred_at": iso(m),
                    "participant_ids": [p["id"] for p in people],
                },
            )
            for m in moments
        )
    )
    assert [r.status_code for r in results] == [201] * len(moments)
    rel = await knows(client, people[0], people[2])
    assert rel["interaction_count"] == len(moments)
    touches = [("message", m, 3, None) for m in moments]
    assert await strength_at(client, rel["id"], NOW) == pytest.approx(
        strength(touches, NOW), abs=1e-9
    )


# -- timeline ------------------------------------------------------------------------------


async def test_timeline_is_newest_first_paginated_and_filtered(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    logged = []
    for i in range(7):
        kind = "email" if i % 2 else "call"
        logged.append(await log(client, kind, ago(10 * i + 1), ada, bob if i % 3 else cy))
    # two at the very same moment: the id breaks the tie, none is lost across pages
    logged.append(await log(client, "note", ago(1), ada, bob))
    await log(client, "meeting", ago(2), bob, cy)  # not Ada's
    expected = sorted(logged, key=lambda x: (x["occurred_at"], x["id"]), reverse=True)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(f"/v1/people/{ada['id']}/interactions", params=params)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [x["id"] for x in expected]
    emails = (
        await client.get(f"/v1/people/{ada['id']}/interactions", params={"kind": "email"})
    ).json()["items"]
    assert [i["id"] for i in emails] == [x["id"] for x in expected if x["kind"] == "email"]
    window = {"since": iso(ago(35)), "until": iso(ago(5))}
    ranged = (await client.get(f"/v1/people/{ada['id']}/interactions", params=window)).json()
    assert [i["id"] for i in ranged["items"]] == [
        x["id"] for x in expected if ago(35) <= datetime.fromisoformat(x["occurred_at"]) <= ago(5)
    ]
    item = ranged["items"][0]
    assert {p["name"] for p in item["participants"]} >= {"Ada"}


async def test_timeline_as_of_shows_then_and_pair_strengths(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    first, second = ago(90), ago(10)
    await log(client, "meeting", first, ada, bob)
    await log(client, "call", second, ada, bob)
    at = ago(30)
    page = (
        await client.get(f"/v1/people/{ada['id']}/interactions", params={"as_of": iso(at)})
    ).json()
    assert len(page["items"]) == 1
    parts = {p["name"]: p["strength"] for p in page["items"][0]["participants"]}
    assert parts["Ada"] is None
    assert parts["Bob"] == pytest.approx(strength([("meeting", first, 2, None)], at), abs=1e-9)
    today = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()
    assert len(today["items"]) == 2
    bob_now = next(p for p in today["items"][0]["participants"] if p["name"] == "Bob")
    touches = [("meeting", first, 2, None), ("call", second, 2, None)]
    assert bob_now["strength"] == pytest.approx(strength(touches, datetime.now(UTC)), abs=1e-6)


async def test_timeline_errors(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/people/nobody/interactions"), 404)
    ada = await person(client, "Ada")
    url = f"/v1/people/{ada['id']}/interactions"
    assert_problem(await client.get(url, params={"cursor": "!!"}), 400)
    assert_problem(await client.get(url, params={"kind": "smoke"}), 422)
    assert_problem(await client.get(url, params={"since": "2026-01-01T00:00:00"}), 422)


async def test_a_participant_named_twice_is_a_422_and_nothing_is_logged(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    body = {
        "kind": "call",
        "occurred_at": "2026-01-05T10:00:00Z",
        "participant_ids": [ada["id"], bob["id"], ada["id"]],
    }
    problem = assert_problem(await client.post("/v1/interactions", json=body), 422)
    assert ["body", "participant_ids"] in [e["loc"] for e in problem["errors"]]
    timeline = await client.get(f"/v1/people/{ada['id']}/interactions")
    assert timeline.json()["items"] == []


async def test_a_window_that_ends_before_it_starts_is_an_empty_page(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    await log(client, "call", datetime(2026, 1, 5, 10, tzinfo=UTC), ada, bob)
    url = f"/v1/people/{ada['id']}/interactions"
    window = {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}
    empty = await client.get(url, params=window)
    assert empty.status_code == 200, empty.text
    assert empty.json()["items"] == []
    both_ways = {"since": window["until"], "until": window["since"]}
    assert len((await client.get(url, params=both_ways)).json()["items"]) == 1
