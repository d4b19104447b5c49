"""Account maps through HTTP: people, lines, best intros, coverage and unreached roles."""

import asyncio
import random

import httpx
import pytest
from fastapi import FastAPI

from app.graph.ball import TeamBallCache
from app.mapping.repository import MappingRepository
from tests.helpers import assert_problem, company, person, relate
from tests.mapping import networks, oracle
from tests.mapping.checks import check_intro_paths

pytestmark = pytest.mark.anyio


async def test_account_map(client: httpx.AsyncClient) -> None:
    sam = await person(client, "Sam", is_team=True)
    eve = await person(client, "Eve")
    acme = await company(client, "Acme")
    ceo, cto, dev, gate, gone = (
        await person(client, "Ceo"),
        await person(client, "Cto"),
        await person(client, "Dev"),
        await person(client, "Gate"),
        await person(client, "Gone"),
    )
    works = [
        (ceo, {"title": "CEO", "role": "decision_maker", "department": "Board"}),
        (cto, {"title": "CTO", "role": "decision_maker", "department": "Engineering"}),
        (dev, {"title": "Engineer", "role": "user", "department": "Engineering"}),
        (gate, {"title": "Assistant", "role": "gatekeeper"}),
    ]
    for who, props in works:
        await relate(client, "WORKS_AT", who, acme, properties=props)
    await relate(client, "WORKS_AT", gone, acme, properties={"role": "champion", "current": False})
    lines = [
        await relate(client, "REPORTS_TO", cto, ceo),
        await relate(client, "REPORTS_TO", dev, cto),
    ]
    influence = await relate(client, "INFLUENCES", dev, cto, strength=0.7)
    await relate(client, "KNOWS", sam, eve, strength=0.9)
    await relate(client, "KNOWS", eve, dev, strength=0.8)
    response = await client.get(f"/v1/companies/{acme['id']}/account-map")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["company"]["name"] == "Acme"
    people = {p["person"]["name"]: p for p in body["people"]}
    assert set(people) == {"Ceo", "Cto", "Dev", "Gate"}
    assert people["Cto"]["title"] == "CTO" and people["Cto"]["department"] == "Engineering"
    assert people["Cto"]["role"] == "decision_maker" and people["Gate"]["role"] == "gatekeeper"
    assert {e["id"] for e in body["reports_to"]} == {line["id"] for line in lines}
    assert [e["id"] for e in body["influences"]] == [influence["id"]]
    # best intros: Dev through Eve; Cto and Ceo through Dev (REPORTS_TO / INFLUENCES lines)
    dev_intro = people["Dev"]["best_intro"]
    assert [n["name"] for n in dev_intro["nodes"]] == ["Sam", "Eve", "Dev"]
    assert dev_intro["score"] == pytest.approx(0.72)
    cto_intro = people["Cto"]["best_intro"]
    assert [n["name"] for n in cto_intro["nodes"]] == ["Sam", "Eve", "Dev", "Cto"]
    assert cto_intro["score"] == pytest.approx(0.72 * 0.7)  # INFLUENCES 0.7 beats REPORTS_TO 0.6
    assert [n["name"] for n in people["Ceo"]["best_intro"]["nodes"]][-2:] == ["Cto", "Ceo"]
    assert people["Gate"]["best_intro"] is None
    assert body["coverage"] == {
        "people": 4,
        "reachable": 3,
        "decision_makers": 2,
        "decision_makers_reachable": 2,
    }
    assert body["unreached_roles"] == ["gatekeeper"]


async def test_account_map_failures(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada")
    assert_problem(await client.get("/v1/companies/nobody/account-map"), 404)
    assert_problem(await client.get(f"/v1/companies/{ada['id']}/account-map"), 404)
    empty = await company(client, "Empty")
    body = (await client.get(f"/v1/companies/{empty['id']}/account-map")).json()
    assert body["people"] == [] and body["coverage"]["people"] == 0


async def test_best_intros_match_the_oracle_on_karate(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Karate club as the network, six of its members employed by Acme: each one's best intro
    is the best path the oracle finds (colleagues may be intermediaries, the team may not)."""
    graph = networks.karate()
    team = {0, 33}
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    acme = await company(client, "Acme")
    rng = random.Random(4)
    staff = [*rng.sample(sorted(set(graph) - team), 6), 33]  # one of ours works there too
    for member in staff:
        body = {"type": "WORKS_AT", "source_id": ids[member], "target_id": acme["id"]}
        assert (await client.post("/v1/relationships", json=body)).status_code == 201
    body = (await client.get(f"/v1/companies/{acme['id']}/account-map")).json()
    node_of = {v: k for k, v in ids.items()}
    assert {node_of[p["person"]["id"]] for p in body["people"]} == set(staff)
    for entry in body["people"]:
        member = node_of[entry["person"]["id"]]
        if member in team:
            assert entry["best_intro"] is None
            continue
        best = oracle.best_score_layered(graph, team, member, 4)
        intro = entry["best_intro"]
        assert intro is not None and intro["score"] == pytest.approx(best, abs=1e-9)
        check_intro_paths([intro], graph, ids, team, member, 4)
    assert body["coverage"]["people"] == 7 and body["coverage"]["reachable"] == 7


async def test_rankings_asked_at_once_answer_as_when_asked_one_by_one(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    """A process ranks one search at a time (RELMAP_RANKING_THREADS=1, app/common/cpu.py); the
    others wait their turn. Fourteen account maps and intros asked at once, on the karate club,
    all answer, each as it does alone."""
    graph = networks.karate()
    team = {0, 33}
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    acme = await company(client, "Acme")
    staff = random.Random(9).sample(sorted(set(graph) - team), 6)
    for member in staff:
        body = {"type": "WORKS_AT", "source_id": ids[member], "target_id": acme["id"]}
        assert (await client.post("/v1/relationships", json=body)).status_code == 201
    Ask = tuple[str, str, dict[str, object] | None]
    asks: list[Ask] = [("GET", f"/v1/companies/{acme['id']}/account-map", None)] * 2
    asks += [("POST", "/v1/intros", {"target_id": acme["id"], "limit": 5, "max_hops": 4})] * 2
    asks += [("POST", "/v1/intros", {"target_id": ids[m], "limit": 3}) for m in staff]
    asks += [("POST", "/v1/intros", {"target_id": ids[m], "max_hops": 3}) for m in staff[:4]]

    async def ask(method: str, url: str, body: dict[str, object] | None) -> object:
        r = await client.request(method, url, json=body)
        assert r.status_code == 200, r.text
        return r.json()

    # the team's ball, built in the background, ready before both runs (fetched_edges counts on
    # it): without `balls`, a build the last test started under 2 s before (MIN_INTERVAL_S)
    # kept this one from starting, and only a request of the first run started it
    await ask(*asks[0])
    await balls.settled()
    assert balls.get(await app.state.db.graph_version(), frozenset(ids[t] for t in team))
    alone = [await ask(*a) for a in asks]
    together = await asyncio.gather(*(ask(*a) for a in asks))
    assert together == alone
    assert all(a["best_intro"] for a in alone[0]["people"])  # type: ignore[index]
