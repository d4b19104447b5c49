"""`make demo`'s seeder (demo/seed.py) against a real API process with auth on, and README's
tour on what it seeded: what a newcomer notices in the first minutes.

The expected numbers are counted here from the generated network (demo/network.py), never
from the API's answers; the tour steps are the README's requests."""

import os
import re
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from demo.network import EVENT_NAME, Network, build
from tests.neo4j_server import ROOT, Server
from tests.processes import ApiProcess, start_api

pytestmark = pytest.mark.anyio

KEYS = "reader:read,writer:write,boss:admin"  # the seeder must pick "writer"
READ = {"X-API-Key": "reader"}
NETWORK: Network = build(datetime.now(UTC).date())  # the counts do not depend on the day


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


async def run_seeder(api: ApiProcess) -> Run:
    env = {**os.environ, "RELMAP_API_KEYS": KEYS}
    started = time.monotonic()
    done = await anyio.run_process(
        [sys.executable, "-m", "demo.seed", "--url", api.url, "--wait", "60"],
        cwd=ROOT,
        env=env,
        check=False,
    )
    return Run(
        done.returncode,
        done.stdout.decode(),
        done.stderr.decode(),
        time.monotonic() - started,
    )


@pytest.fixture(scope="module")
def api(neo4j: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    process = start_api(neo4j, tmp_path_factory.mktemp("demo"), "demo", RELMAP_API_KEYS=KEYS)
    yield process
    process.stop()


@pytest.fixture(scope="module")
async def seeded(app: FastAPI, api: ApiProcess) -> Run:
    await app.state.db.wipe()
    return await run_seeder(api)


@pytest.fixture
async def http(api: ApiProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api.url, headers=READ, timeout=60) as client:
        yield client


async def everything(http: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": 200, **params}
    while True:
        response = await http.get(path, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        if not page["next_cursor"]:
            return items
        query["cursor"] = page["next_cursor"]


async def one_id(http: httpx.AsyncClient, path: str, q: str) -> str:
    found = (await http.get(path, params={"q": q})).json()["items"]
    assert found, f"nothing found at {path}?q={q}"
    return str(found[0]["id"])


def by_ext(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["external_id"]: r for r in rows}


def company_of(ext: str) -> str:
    """The company external_id of a person's current job in the generated network."""
    return next(
        r["target_external_id"]
        for r in NETWORK.relationships
        if r["type"] == "WORKS_AT"
        and r["source_external_id"] == ext
        and r["properties"].get("current") is not False
    )


def team_names() -> set[str]:
    return {p["name"] for p in NETWORK.people if p.get("is_team")}


# -- the network --------------------------------------------------------------------------------


def test_the_network_is_the_same_on_every_run_only_its_calendar_moves() -> None:
    first, again, later = build(date(2026, 3, 1)), build(date(2026, 3, 1)), build(date(2027, 3, 1))
    assert first == again
    assert first.people == later.people and first.companies == later.companies
    shift = timedelta(days=365)
    for a, b in zip(first.interactions, later.interactions, strict=True):
        moved = datetime.fromisoformat(b["occurred_at"]) - datetime.fromisoformat(a["occurred_at"])
        assert moved == shift and a["participant_external_ids"] == b["participant_external_ids"]
    assert later.event.starts_on - first.event.starts_on == shift
    # every interaction lies in the two years before the day it is built for
    newest = max(datetime.fromisoformat(i["occurred_at"]) for i in first.interactions)
    oldest = min(datetime.fromisoformat(i["occurred_at"]) for i in first.interactions)
    assert newest.date() < date(2026, 3, 1) and oldest.date() >= date(2024, 3, 1)


# -- seeding ------------------------------------------------------------------------------------


async def test_a_database_holding_other_data_is_left_alone(app: FastAPI, api: ApiProcess) -> None:
    await app.state.db.wipe()
    async with httpx.AsyncClient(base_url=api.url, headers={"X-API-Key": "writer"}) as http:
        mine = await http.post("/v1/people", json={"name": "Somebody Else"})
        assert mine.status_code == 201
        run = await run_seeder(api)
        assert run.code == 0, run.err
        assert "not empty" in run.out and "nothing seeded" in run.out
        people = (await http.get("/v1/people")).json()["items"]
        assert [p["name"] for p in people] == ["Somebody Else"]
        assert (await http.get("/v1/companies")).json()["items"] == []
        assert (await http.get("/v1/events")).json()["items"] == []


async def test_seeding_an_empty_database_says_what_it_made_in_well_under_a_minute(
    seeded: Run,
) -> None:
    assert seeded.code == 0, seeded.err
    n = NETWORK
    said = (
        f"seeded {len(n.people)} people, {len(n.companies)} companies, "
        f"{len(n.relationships)} relationships, {len(n.interactions)} interactions, 1 event"
    )
    assert said in seeded.out, seeded.out
    assert 250 <= len(n.people) <= 500 and 25 <= len(n.companies) <= 40
    assert seeded.seconds < 45, f"seeding took {seeded.seconds:.0f} s"
    # it ends with the web app's links, with this database's ids
    assert re.search(r"/app#/intros/[0-9a-f-]{36}", seeded.out)
    assert re.search(r"/app#/event/[0-9a-f-]{36}", seeded.out)


async def test_the_graph_holds_what_the_generator_built(
    seeded: Run, http: httpx.AsyncClient
) -> None:
    n = NETWORK
    people = await everything(http, "/v1/people")
    assert sorted(p["external_id"] for p in people) == sorted(p["external_id"] for p in n.people)
    team = await everything(http, "/v1/people", is_team="true")
    assert {p["name"] for p in team} == team_names() and 8 <= len(team) <= 12
    companies = await everything(http, "/v1/companies")
    assert sorted(c["name"] for c in companies) == sorted(c["name"] for c in n.companies)
    prospects = await everything(http, "/v1/companies", tag="prospect")
    assert {c["name"] for c in prospects} == {
        c["name"] for c in n.companies if "prospect" in c["tags"]
    }

    rows_by_type: dict[str, int] = {}
    for r in n.relationships:
        rows_by_type[r["type"]] = rows_by_type.get(r["type"], 0) + 1
    # KNOWS: the rows given, and every pair of people who took part in an interaction
    knows = {
        frozenset((r["source_external_id"], r["target_external_id"]))
        for r in n.relationships
        if r["type"] == "KNOWS"
    }
    for i in n.interactions:
        knows |= {frozenset(pair) for pair in combinations(i["participant_external_ids"], 2)}
    expected = {**rows_by_type, "KNOWS": len(knows), "ATTENDED": len(n.event.attendees)}
    for rel_type, count in expected.items():
        stored = await everything(http, "/v1/relationships", type=rel_type)
        assert len(stored) == count, rel_type

    # every interaction has a team member in it: the team's timelines hold them all
    logged: set[str] = set()
    for person in team:
        timeline = await everything(http, f"/v1/people/{person['id']}/interactions")
        logged |= {i["id"] for i in timeline}
    assert len(logged) == len(n.interactions)
    days = {i["occurred_at"][:10] for i in n.interactions}
    assert (datetime.fromisoformat(max(days)) - datetime.fromisoformat(min(days))).days >= 600

    events = await everything(http, "/v1/events")
    assert [(e["name"], e["attendee_count"]) for e in events] == [
        (EVENT_NAME, len(n.event.attendees))
    ]


async def test_a_second_run_changes_nothing_and_says_so(
    seeded: Run, api: ApiProcess, http: httpx.AsyncClient
) -> None:
    async def snapshot() -> dict[str, Any]:
        return {
            "people": {(p["id"], p["updated_at"]) for p in await everything(http, "/v1/people")},
            "companies": {
                (c["id"], c["updated_at"]) for c in await everything(http, "/v1/companies")
            },
            "edges": {
                (r["id"], r["updated_at"]) for r in await everything(http, "/v1/relationships")
            },
            "events": await everything(http, "/v1/events"),
        }

    before = await snapshot()
    again = await run_seeder(api)
    assert again.code == 0, again.err
    assert "already holds the demo network: nothing seeded" in again.out
    assert "/app#/intros/" in again.out  # the links are there again
    assert await snapshot() == before


# -- the tour (README.md, "A first tour") ------------------------------------------------------


async def test_tour_the_team(seeded: Run, http: httpx.AsyncClient) -> None:
    answer = await http.get("/v1/people", params={"is_team": "true"})
    assert answer.status_code == 200
    assert {p["name"] for p in answer.json()["items"]} == team_names()


async def test_tour_the_prospects_account_map_shows_its_org_chart(
    seeded: Run, http: httpx.AsyncClient
) -> None:
    harbor = await one_id(http, "/v1/companies", "harborline")
    answer = await http.get(f"/v1/companies/{harbor}/account-map")
    assert answer.status_code == 200
    body = answer.json()
    staff = {
        p["external_id"]: p
        for p in NETWORK.people
        if company_of(p["external_id"]) == NETWORK.story.prospect
    }
    jobs = {
        r["source_external_id"]: r["properties"]
        for r in NETWORK.relationships
        if r["type"] == "WORKS_AT"
        and r["target_external_id"] == NETWORK.story.prospect
        and r["properties"].get("current") is not False
    }
    shown = {e["person"]["name"]: e for e in body["people"]}
    assert set(shown) == {p["name"] for p in staff.values()}
    for ext, person in staff.items():
        assert shown[person["name"]]["title"] == jobs[ext]["title"]
        assert shown[person["name"]]["role"] == jobs[ext].get("role")
    reports = [
        r
        for r in NETWORK.relationships
        if r["type"] == "REPORTS_TO" and r["source_external_id"] in staff
    ]
    assert len(body["reports_to"]) == len(reports) == len(staff) - 1  # everyone but the CEO
    decision_makers = sum(1 for j in jobs.values() if j.get("role") == "decision_maker")
    assert body["coverage"]["decision_makers"] == decision_makers >= 1
    # nobody on the team knows anyone there, yet the decision makers can be reached
    assert body["coverage"]["decision_makers_reachable"] == decision_makers
    for employee in body["people"]:
        if employee["best_intro"]:
            assert employee["best_intro"]["hops"] >= 2


async def test_tour_warm_intros_to_the_prospects_decision_maker(
    seeded: Run, http: httpx.AsyncClient
) -> None:
    ingrid = await one_id(http, "/v1/people", "Ingrid Solberg")
    answer = await http.post("/v1/intros", json={"target_id": ingrid, "limit": 3})
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    assert paths
    team = team_names()
    for path in paths:
        names = [node["name"] for node in path["nodes"]]
        assert names[0] in team and names[-1] == "Ingrid Solberg"
        assert not set(names[1:]) & team
    # the story the README tells
    best = [node["name"] for node in paths[0]["nodes"]]
    assert best == ["Hana Iwasaki", "Nadia Kowalczyk", "Marcus Feld", "Ingrid Solberg"]


async def test_tour_cooling_relationships(seeded: Run, http: httpx.AsyncClient) -> None:
    answer = await http.get("/v1/relationships/cooling", params={"team_only": "true", "limit": 5})
    assert answer.status_code == 200
    rows = answer.json()["items"]
    assert len(rows) == 5
    team_ids = {p["id"] for p in (await http.get("/v1/people?is_team=true")).json()["items"]}
    for row in rows:
        assert {row["source_id"], row["target_id"]} & team_ids
        assert row["inactive_days"] >= 90
    hana = await one_id(http, "/v1/people", "Hana Iwasaki")
    rosa = await one_id(http, "/v1/people", "Rosa Valdez")
    every = await everything(http, "/v1/relationships/cooling", team_only="true")
    assert any({r["source_id"], r["target_id"]} == {hana, rosa} for r in every)


async def test_tour_influencers(seeded: Run, http: httpx.AsyncClient) -> None:
    overall = await http.get("/v1/influencers", params={"limit": 8})
    assert overall.status_code == 200
    top = overall.json()["items"]
    assert len(top) == 8
    assert any(c["name"] == "Alder Research" for p in top for c in p["companies"])
    logistics = await http.get(
        "/v1/influencers", params={"scope": "industry:Logistics", "limit": 5}
    )
    assert logistics.status_code == 200
    rows = logistics.json()["items"]
    assert rows
    assert all(any(c["industry"] == "Logistics" for c in p["companies"]) for p in rows)


async def test_tour_segments(seeded: Run, http: httpx.AsyncClient) -> None:
    answer = await http.get("/v1/segments", params={"min_size": 10})
    assert answer.status_code == 200
    segments = answer.json()["items"]
    assert len(segments) >= 3
    assert sum(s["size"] for s in segments) <= len(NETWORK.people)
    assert all(s["size"] >= 10 and s["top_companies"] for s in segments)


async def test_tour_whom_to_meet_at_the_event(seeded: Run, http: httpx.AsyncClient) -> None:
    event = next(e for e in await everything(http, "/v1/events") if e["name"] == EVENT_NAME)
    answer = await http.get(f"/v1/events/{event['id']}/priorities", params={"limit": 5})
    assert answer.status_code == 200
    rows = answer.json()["items"]
    assert len(rows) == 5
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert not {r["person"]["name"] for r in rows} & team_names()
    assert all(r["reasons"] and r["reasons"][0]["company"]["relations"] for r in rows)


async def test_tour_the_ceos_neighborhood(seeded: Run, http: httpx.AsyncClient) -> None:
    elena = await one_id(http, "/v1/people", "Elena Marchetti")
    answer = await http.get(
        f"/v1/people/{elena}/neighborhood", params={"depth": 2, "types": "KNOWS,WORKS_AT"}
    )
    assert answer.status_code == 200
    nodes = answer.json()["nodes"]
    names = {n["name"] for n in nodes}
    assert team_names() <= names and "Lumenfield" in names  # her company and its people
    assert len(nodes) > 20 and not answer.json()["truncated"]


def test_the_readme_tour_makes_these_requests_and_links() -> None:
    readme = (Path(ROOT) / "README.md").read_text()
    start = readme.index("## A first tour (`make demo`)")
    tour = readme[start : readme.index("\n## ", start + 1)]
    assert readme.index("## The two commands") < start
    steps = re.findall(r"^\d+\. \*\*", tour, re.M)
    assert 5 <= len(steps) <= 10
    for request in (
        "/v1/people?is_team=true",
        "/account-map",
        '-X POST "$API/v1/intros"',
        "/v1/relationships/cooling?team_only=true&limit=5",
        "/v1/influencers?limit=8",
        "/v1/influencers?scope=industry:Logistics",
        "/v1/segments?min_size=10",
        "/priorities?limit=5",
        "/neighborhood?depth=2&types=KNOWS,WORKS_AT",
        "Ingrid+Solberg",
        "Elena+Marchetti",
    ):
        assert request in tour, request
    for link in ("person", "account", "intros", "event"):
        assert f'echo "$API/app#/{link}/' in tour, link
    assert 'echo "$API/app#/segments"' in tour
