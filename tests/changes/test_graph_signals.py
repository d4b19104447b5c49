"""The graph signals (app/changes/graph_signals.py): intro.path_opened for watched targets,
account.coverage_changed and competitor.proximity, each recorded once with its evidence, by a
scan that compares the graph with what it last announced."""

import asyncio
import math
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.changes.graph_signals import GraphSignalScanner
from tests.changes.test_feed import feed
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


def scanner(app: FastAPI) -> GraphSignalScanner:
    return GraphSignalScanner(app.state.db, app.state.settings)


async def signals(client: httpx.AsyncClient, after: str, kind: str) -> list[dict[str, Any]]:
    items, _ = await feed(client, after)
    return [i for i in items if i["type"] == kind]


async def cursor(client: httpx.AsyncClient) -> str:
    return (await feed(client))[1]


async def test_a_watched_target_announces_its_path_once_when_it_opens(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    tess = await person(client, "Tess", is_team=True)
    ann, bob, vic = [await person(client, n) for n in ("Ann", "Bob", "Vic")]
    created = await client.post("/v1/watches", json={"target_id": vic["id"], "min_score": 0.3})
    assert created.status_code == 201, created.text
    watch = created.json()
    assert watch["open"] is False and watch["score"] is None and watch["opened_at"] is None
    scan, start = scanner(app), await cursor(client)
    await relate(client, "KNOWS", tess, ann, strength=0.8)
    weak = await relate(client, "KNOWS", ann, vic, strength=0.3)  # 0.8 x 0.3 = 0.24 < 0.3
    assert (await scan.scan()).signals == 0
    state = (await client.get(f"/v1/watches/{watch['id']}")).json()
    assert state["open"] is False and state["score"] == pytest.approx(0.8 * 0.3)
    # a second, warmer path through Bob: 0.9 x 0.6 = 0.54
    await relate(client, "KNOWS", tess, bob, strength=0.9)
    await relate(client, "KNOWS", bob, vic, strength=0.6)
    assert (await scan.scan()).signals == 1
    assert (await scan.scan()).signals == 0  # announced once
    opened = await signals(client, start, "intro.path_opened")
    assert len(opened) == 1
    data = opened[0]["data"]
    assert data["watch_id"] == watch["id"] and data["target"]["name"] == "Vic"
    assert data["score"] == pytest.approx(0.9 * 0.6)
    assert data["previous_score"] == pytest.approx(0.8 * 0.3)
    assert [n["name"] for n in data["path"]["nodes"]] == ["Tess", "Bob", "Vic"]
    assert data["path"]["introducer"]["name"] == "Bob"
    state = (await client.get(f"/v1/watches/{watch['id']}")).json()
    assert state["open"] is True and state["opened_at"] is not None
    # the path closes (Bob's tie goes), then opens again through Ann: announced again
    bob_vic = await client.get("/v1/relationships", params={"node_id": bob["id"]})
    for rel in bob_vic.json()["items"]:
        assert (await client.delete(f"/v1/relationships/{rel['id']}")).status_code == 204
    assert (await scan.scan()).signals == 0
    assert (await client.get(f"/v1/watches/{watch['id']}")).json()["open"] is False
    raised = await client.patch(f"/v1/relationships/{weak['id']}", json={"strength": 0.5})
    assert raised.status_code == 200, raised.text
    assert (await scan.scan()).signals == 1
    opened = await signals(client, start, "intro.path_opened")
    assert [round(o["data"]["score"], 9) for o in opened] == [
        round(0.9 * 0.6, 9),
        round(0.8 * 0.5, 9),
    ]


async def test_a_path_open_at_creation_is_not_announced(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    tess = await person(client, "Tess", is_team=True)
    acme = await company(client, "Acme")
    dana = await person(client, "Dana")
    await relate(client, "WORKS_AT", dana, acme)
    await relate(client, "KNOWS", tess, dana, strength=0.7)
    start = await cursor(client)
    watch = (await client.post("/v1/watches", json={"target_id": acme["id"]})).json()
    assert watch["open"] is True and watch["score"] == pytest.approx(0.7)
    assert watch["min_score"] == 0.0 and watch["max_hops"] == 4
    assert (await scanner(app).scan()).signals == 0
    assert await signals(client, start, "intro.path_opened") == []


async def test_watches_api_follows_the_conventions(client: httpx.AsyncClient) -> None:
    vic = await person(client, "Vic")
    assert_problem(await client.post("/v1/watches", json={"target_id": "nobody"}), 404)
    for bad in ({"target_id": vic["id"], "min_score": 2}, {"min_score": 0.5}, {}):
        assert_problem(await client.post("/v1/watches", json=bad), 422)
    made = [
        (await client.post("/v1/watches", json={"target_id": vic["id"], "min_score": s})).json()
        for s in (0.1, 0.2, 0.3)
    ]
    first = await client.get("/v1/watches", params={"limit": 2})
    rest = await client.get("/v1/watches", params={"cursor": first.json()["next_cursor"]})
    listed = first.json()["items"] + rest.json()["items"]
    assert sorted(w["id"] for w in listed) == sorted(w["id"] for w in made)
    assert rest.json()["next_cursor"] is None
    one = await client.get(f"/v1/watches/{made[0]['id']}")
    assert one.json() == made[0]
    unchanged = await client.get(
        f"/v1/watches/{made[0]['id']}", headers={"If-None-Match": one.headers["ETag"]}
    )
    assert unchanged.status_code == 304
    stale = await client.delete(f"/v1/watches/{made[0]['id']}", headers={"If-Match": '"old"'})
    assert_problem(stale, 412)
    gone = await client.delete(
        f"/v1/watches/{made[0]['id']}", headers={"If-Match": one.headers["ETag"]}
    )
    assert gone.status_code == 204
    assert_problem(await client.get(f"/v1/watches/{made[0]['id']}"), 404)
    assert_problem(await client.delete(f"/v1/watches/{made[0]['id']}"), 404)


async def account(client: httpx.AsyncClient) -> dict[str, Any]:
    """Us Inc (Tess, team), a prospect Globex with a decision-maker (Carla) and a champion
    (Dan), and a competitor Rival Ltd (Rita)."""
    us = await company(client, "Us Inc")
    globex = await company(client, "Globex", tags=["prospect"])
    rival = await company(client, "Rival Ltd", tags=["competitor"])
    tess = await person(client, "Tess", is_team=True)
    await relate(client, "WORKS_AT", tess, us)
    carla, dan, rita = [await person(client, n) for n in ("Carla", "Dan", "Rita")]
    await relate(client, "WORKS_AT", carla, globex, properties={"role": "decision_maker"})
    await relate(client, "WORKS_AT", dan, globex, properties={"role": "champion"})
    await relate(client, "WORKS_AT", rita, rival)
    return {"globex": globex, "tess": tess, "carla": carla, "dan": dan, "rita": rita}


async def test_coverage_changes_when_a_decision_maker_becomes_reachable_or_not(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    net = await account(client)
    scan, start = scanner(app), await cursor(client)
    assert (await scan.scan()).signals == 0  # first look: only noted
    # Tess knows Dan (0.8) who knows Carla (0.5): Carla is reachable, best intro 0.4
    await relate(client, "KNOWS", net["tess"], net["dan"], strength=0.8)
    dan_carla = await relate(client, "KNOWS", net["dan"], net["carla"], strength=0.5)
    assert (await scan.scan()).signals == 1
    assert (await scan.scan()).signals == 0
    changed = await signals(client, start, "account.coverage_changed")
    assert len(changed) == 1
    data = changed[0]["data"]
    assert data["company"] == {"id": net["globex"]["id"], "name": "Globex"}
    assert [g["person"]["name"] for g in data["became_reachable"]] == ["Carla"]
    intro = data["became_reachable"][0]["best_intro"]
    assert intro["score"] == pytest.approx(0.8 * 0.5)
    assert [n["name"] for n in intro["nodes"]] == ["Tess", "Dan", "Carla"]
    assert data["became_unreachable"] == [] and data["decision_makers_reachable"] == 1
    assert data["coverage"]["decision_makers"] == 1
    # the only path goes: unreachable again, because there is no path
    assert (await client.delete(f"/v1/relationships/{dan_carla['id']}")).status_code == 204
    assert (await scan.scan()).signals == 1
    lost = (await signals(client, start, "account.coverage_changed"))[-1]["data"]
    assert lost["became_reachable"] == []
    assert [(x["person"]["name"], x["reason"]) for x in lost["became_unreachable"]] == [
        ("Carla", "no_path")
    ]
    assert lost["decision_makers_reachable"] == 0


async def test_a_stakeholder_closer_to_a_competitor_is_announced_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    net = await account(client)
    ours = await relate(client, "KNOWS", net["tess"], net["carla"], strength=0.6)
    theirs = await relate(client, "KNOWS", net["carla"], net["rita"], strength=0.4)
    scan, start = scanner(app), await cursor(client)
    assert (await scan.scan()).signals == 0  # first look: Carla is ours (0.6 > 0.4)
    raised = await client.patch(f"/v1/relationships/{theirs['id']}", json={"strength": 0.9})
    assert raised.status_code == 200, raised.text
    assert (await scan.scan()).signals == 1
    assert (await scan.scan()).signals == 0
    [event] = await signals(client, start, "competitor.proximity")
    data = event["data"]
    assert data["company"]["name"] == "Globex" and data["stakeholder"]["name"] == "Carla"
    assert data["role"] == "decision_maker"
    assert data["competitor_strength"] == pytest.approx(0.9)
    assert data["our_strength"] == pytest.approx(0.6)
    assert data["margin"] == pytest.approx(0.9 - 0.6)
    assert data["competitor_ties"][0]["person"]["name"] == "Rita"
    assert data["competitor_ties"][0]["company"]["name"] == "Rival Ltd"
    assert data["our_ties"][0]["edge"]["id"] == ours["id"]
    # back to ours, then closer to them again: a second announcement
    await client.patch(f"/v1/relationships/{theirs['id']}", json={"strength": 0.1})
    assert (await scan.scan()).signals == 0
    await client.patch(f"/v1/relationships/{theirs['id']}", json={"strength": 0.95})
    assert (await scan.scan()).signals == 1
    margins = [e["data"]["margin"] for e in await signals(client, start, "competitor.proximity")]
    assert margins == pytest.approx([0.3, 0.95 - 0.6])
    assert all(math.isfinite(m) for m in margins)


async def test_two_scanners_at_once_announce_each_change_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    net = await account(client)
    vic = await person(client, "Vic")
    watch = (await client.post("/v1/watches", json={"target_id": vic["id"]})).json()
    first, second = scanner(app), scanner(app)
    await first.scan()
    start = await cursor(client)
    await relate(client, "KNOWS", net["tess"], net["carla"], strength=0.5)
    await relate(client, "KNOWS", net["carla"], net["rita"], strength=0.9)
    await relate(client, "KNOWS", net["carla"], vic, strength=0.5)
    reports = await asyncio.gather(first.scan(), second.scan(), first.scan())
    assert sum(r.signals for r in reports) == 3
    items, _ = await feed(client, start)
    graph_kinds = {"intro", "account", "competitor"}
    kinds = sorted(i["type"] for i in items if i["type"].split(".")[0] in graph_kinds)
    assert kinds == ["account.coverage_changed", "competitor.proximity", "intro.path_opened"]
    assert [i["data"]["watch_id"] for i in items if i["type"] == "intro.path_opened"] == [
        watch["id"]
    ]


async def test_a_scan_is_due_after_a_write_and_run_by_one_process(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    # (the client fixture wiped the database: no scan has run on it)
    quick = app.state.settings.model_copy(update={"relmap_graph_signal_gap_s": 0.2})
    first, second = (GraphSignalScanner(app.state.db, quick) for _ in range(2))
    assert await first.run_if_due() is not None
    assert await second.run_if_due() is None  # nothing written since: not due for 15 min
    await person(client, "Ann")
    await asyncio.sleep(0.3)
    ran = await asyncio.gather(first.run_if_due(), second.run_if_due())
    assert sum(r is not None for r in ran) == 1
    assert await first.run_if_due() is None


async def test_a_scan_cut_short_by_shutdown_leaves_the_scan_due_for_another_process(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await account(client)
    closing, other = scanner(app), scanner(app)
    await closing.close()  # shutting down: it stops before its first account
    cut = await closing.run_if_due()
    assert cut is not None and cut.complete is False and cut.checked == 0
    # its lease was given up and the graph it did not finish is still due
    assert await other.run_if_due() is not None
