"""Warm intros through HTTP: company targets, the team as default start, evidence, failures."""

import httpx
import pytest

from app.mapping import limits, paths
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def intros(client: httpx.AsyncClient, **body) -> httpx.Response:
    return await client.post("/v1/intros", json=body)


async def test_a_company_target_ends_at_its_current_people(client: httpx.AsyncClient) -> None:
    sam = await person(client, "Sam", is_team=True)
    kim = await person(client, "Kim", is_team=True)
    ada, bob, eve, old = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Eve"),
        await person(client, "Old"),
    )
    acme = await company(client, "Acme")
    await relate(client, "WORKS_AT", ada, acme, strength=0.5, properties={"role": "decision_maker"})
    await relate(client, "WORKS_AT", bob, acme, strength=0.9)
    await relate(client, "WORKS_AT", old, acme, properties={"current": False})
    await relate(client, "KNOWS", sam, eve, strength=0.9)
    await relate(client, "KNOWS", eve, bob, strength=0.8)
    await relate(client, "REPORTS_TO", bob, ada, strength=0.99)  # must not be walked through
    await relate(client, "KNOWS", kim, ada, strength=0.3)
    await relate(client, "KNOWS", sam, old, strength=0.99)  # a former employee is no target
    await relate(client, "KNOWS", kim, sam, strength=1.0)  # never through another team member
    response = await intros(client, target_id=acme["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["target"]["id"] == acme["id"] and body["target"]["label"] == "Company"
    paths = body["paths"]
    assert [[n["name"] for n in p["nodes"]] for p in paths] == [
        ["Sam", "Eve", "Bob", "Acme"],
        ["Kim", "Ada", "Acme"],
    ]
    first = paths[0]
    # the final WORKS_AT is listed, scores 1 and counts no hop
    assert first["hops"] == 2 and first["score"] == pytest.approx(0.9 * 0.8)
    assert [e["type"] for e in first["edges"]] == ["KNOWS", "KNOWS", "WORKS_AT"]
    assert first["introducer"]["name"] == "Eve"
    assert first["weakest_link"]["strength"] == pytest.approx(0.8)
    assert paths[1]["hops"] == 1 and paths[1]["introducer"] is None
    # max_hops counts person-to-person edges only
    body = (await intros(client, target_id=acme["id"], max_hops=1)).json()
    assert [[n["name"] for n in p["nodes"]] for p in body["paths"]] == [["Kim", "Ada", "Acme"]]


async def test_types_from_ids_and_evidence(client: httpx.AsyncClient) -> None:
    sam = await person(client, "Sam", is_team=True)
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    await relate(client, "KNOWS", sam, ada, strength=0.5)
    await relate(client, "INFLUENCES", cy, ada, strength=0.9)  # walked against its direction
    await relate(client, "REPORTS_TO", bob, cy, strength=0.6)
    body = (await intros(client, target_id=bob["id"])).json()
    (path,) = body["paths"]
    assert [n["name"] for n in path["nodes"]] == ["Sam", "Ada", "Cy", "Bob"]
    assert path["score"] == pytest.approx(0.5 * 0.9 * 0.6)
    assert path["weakest_link"]["strength"] == pytest.approx(0.5)
    assert {"id", "type", "source", "target", "strength", "last_interaction_at"} <= set(
        path["edges"][0]
    )
    # only KNOWS and REPORTS_TO: Cy's influence cannot be used
    body = (await intros(client, target_id=bob["id"], types=["KNOWS", "REPORTS_TO"])).json()
    assert body["paths"] == []
    # from someone else than the team
    body = (await intros(client, target_id=bob["id"], from_ids=[cy["id"]])).json()
    assert [[n["name"] for n in p["nodes"]] for p in body["paths"]] == [["Cy", "Bob"]]
    # min_strength drops the 0.5 edge
    body = (await intros(client, target_id=bob["id"], min_strength=0.55)).json()
    assert body["paths"] == []


async def test_failures_are_problems(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada")
    assert_problem(await intros(client, target_id="nobody"), 404)
    problem = assert_problem(await intros(client, target_id=ada["id"], from_ids=["nobody"]), 404)
    assert "nobody" in problem["detail"]
    # the target and the sources are read at once; the target's problem is the one reported,
    # then a role filter on a person, then the sources
    problem = assert_problem(await intros(client, target_id="no-one", from_ids=["nobody"]), 404)
    assert "no-one" in problem["detail"] and "nobody" not in problem["detail"]
    for _ in range(5):
        response = await intros(
            client, target_id=ada["id"], from_ids=["nobody"], roles=["champion"]
        )
        assert_problem(response, 422)
    bad: dict
    for bad in (
        {"max_hops": 7},
        {"max_hops": 0},
        {"limit": 26},
        {"limit": 0},
        {"min_strength": -0.1},
        {"types": ["WORKS_AT"]},
        {"types": ["LIKES"]},
        {"from_ids": []},
        {"surprise": True},
        {"max_hops": "2"},
        {"limit": True},
        {"min_strength": "0.5"},
        {"distinct_introducers": 1},
    ):
        assert_problem(await intros(client, target_id=ada["id"], **bad), 422)
    assert_problem(await client.post("/v1/intros", json={}), 422)
    # nobody on the team yet: an empty answer, not an error (2.0 is the JSON integer 2)
    body = (await intros(client, target_id=ada["id"], max_hops=2.0, limit=3.0)).json()
    assert body["paths"] == []


async def test_a_dense_hub_is_refused_not_a_crash(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam = await person(client, "Sam", is_team=True)
    hub, target = await person(client, "Hub"), await person(client, "Target")
    await relate(client, "KNOWS", sam, hub)
    for i in range(8):
        await relate(client, "KNOWS", hub, await person(client, f"Fan {i}"))
    await relate(client, "KNOWS", hub, target)
    monkeypatch.setattr(limits, "STEP_ROWS", 5)
    problem = assert_problem(await intros(client, target_id=target["id"]), 503)
    assert "max_hops" in problem["detail"]
    # a shortest path is one statement that never reads the hub's edges: it answers; its
    # breadth-first fallback (more shortest paths than one statement may return) is refused
    ends = {"from_id": sam["id"], "to_id": target["id"]}
    assert (await client.get("/v1/paths/shortest", params=ends)).json()["hops"] == 2
    monkeypatch.setattr(paths, "SHORTEST_PATHS_READ", 0)
    problem = assert_problem(await client.get("/v1/paths/shortest", params=ends), 503)
    assert "max_hops" in problem["detail"]
    monkeypatch.setattr(limits, "NEIGHBORHOOD_STEP_ROWS", 5)
    monkeypatch.setattr(limits, "NEIGHBORHOOD_BALL_ROWS", 5)
    body = (await client.get(f"/v1/people/{hub['id']}/neighborhood")).json()
    assert body["truncated"] is True
    monkeypatch.setattr(limits, "MAX_POPS", 1)
    monkeypatch.setattr(limits, "STEP_ROWS", 1000)
    assert_problem(await intros(client, target_id=target["id"]), 503)


async def test_a_database_timeout_is_a_504(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neo4j.exceptions import Neo4jError

    from app.mapping.repository import MappingRepository

    sam = await person(client, "Sam", is_team=True)
    ada = await person(client, "Ada")
    await relate(client, "KNOWS", sam, ada)

    async def too_slow(*_: object, **__: object) -> list:
        raise Neo4jError._hydrate_neo4j(
            code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
            message="The transaction has not completed within the timeout",
        )

    monkeypatch.setattr(MappingRepository, "person_edges", too_slow)
    monkeypatch.setattr(MappingRepository, "node_edges", too_slow)
    monkeypatch.setattr(MappingRepository, "neighborhood_ball", too_slow)
    assert_problem(await intros(client, target_id=ada["id"]), 504)
    assert_problem(await client.get(f"/v1/people/{ada['id']}/neighborhood"), 504)
