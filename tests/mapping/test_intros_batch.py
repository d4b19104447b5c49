"""Targeting (API.md v1.1): intros aimed at roles, and intros for a batch of targets. Every
answer is checked against the brute-force oracle (tests/mapping/oracle.py, networkx) on the
same data, and each batch result against POST /v1/intros for that target."""

import random

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI

from app.deps import shared
from app.graph.ball import TeamBallCache
from app.mapping.repository import MappingRepository
from tests.helpers import assert_problem, company, person, relate
from tests.mapping import networks, oracle
from tests.mapping.checks import same_scores

pytestmark = pytest.mark.anyio

ROLES = ["decision_maker", "influencer", "champion", "user", "gatekeeper", "blocker", "other"]


async def accounts(client: httpx.AsyncClient, app: FastAPI, seed: int) -> dict:
    """A random network (seeded strengths, so no two paths tie): 5 team members, 70 people,
    6 companies of 3..6 current people with random roles (and one former employee each, who
    is never an endpoint), half of the companies tagged prospect."""
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(75, 190, seed=seed)
    for u, v in graph.edges:
        graph[u][v]["strength"] = round(rng.uniform(0.05, 0.95), 6)
    team = set(range(5))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    staff: dict[str, dict[int, str]] = {}  # company id -> {node: role}
    pool = rng.sample(range(5, 75), 6 * 7)
    companies = []
    for c in range(6):
        tags = ["prospect"] if c % 2 == 0 else ["client"]
        firm = await company(client, f"Firm {c}", tags=tags)
        companies.append(firm)
        members = pool[c * 7 : c * 7 + rng.randint(3, 6)]
        staff[firm["id"]] = {}
        for node in members:
            role = rng.choice(ROLES)
            await relate(client, "WORKS_AT", {"id": ids[node]}, firm, properties={"role": role})
            staff[firm["id"]][node] = role
        former = pool[c * 7 + 6]
        await relate(
            client,
            "WORKS_AT",
            {"id": ids[former]},
            firm,
            properties={"role": "decision_maker", "until": "2024-01-31"},
        )
    return {"graph": graph, "ids": ids, "team": team, "staff": staff, "companies": companies}


def oracle_scores(net: dict, target_id: str, roles: list[str] | None, k: int, hops: int) -> list:
    node_of = {v: n for n, v in net["ids"].items()}
    if target_id in net["staff"]:
        ends = {n for n, r in net["staff"][target_id].items() if roles is None or r in roles}
    else:
        ends = {node_of[target_id]}
    paths = oracle.all_intro_paths(net["graph"], net["team"], ends, hops)
    return [p[0] for p in paths[:k]]


async def post(client: httpx.AsyncClient, path: str, body: dict) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def test_roles_pick_the_endpoints_of_a_company(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    net = await accounts(client, app, seed=4)
    node_of = {v: n for n, v in net["ids"].items()}
    for firm in net["companies"]:
        held = sorted(set(net["staff"][firm["id"]].values()))
        for roles in ([held[0]], held[:2], ["decision_maker"]):
            body = {"target_id": firm["id"], "roles": roles, "limit": 6, "max_hops": 3}
            answer = await post(client, "/v1/intros", body)
            for path in answer["paths"]:
                end = node_of[path["nodes"][-2]["id"]]
                assert net["staff"][firm["id"]][end] in roles  # an employee with such a role
                assert path["edges"][-1]["type"] == "WORKS_AT"
            got = [p["score"] for p in answer["paths"]]
            same_scores(got, oracle_scores(net, firm["id"], roles, 6, 3))


async def test_batch_equals_single_intros_and_the_oracle(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    net = await accounts(client, app, seed=9)
    balls = shared(app.state, "team_ball", TeamBallCache)
    people = [net["ids"][n] for n in (20, 33, 47, 61)]
    targets = [c["id"] for c in net["companies"]] + people
    for options in (
        {"limit": 3},
        {"limit": 5, "max_hops": 3, "distinct_introducers": True},
        {"limit": 2, "min_strength": 0.3, "max_hops": 4},
    ):
        answer = await post(client, "/v1/intros/batch", {"target_ids": targets, **options})
        results = answer["results"]
        assert sorted(r["target"]["id"] for r in results) == sorted(targets)
        # the batch built the team's ball and searched from it (the ball itself, not
        # balls.get(version): its TTL or a background state write may retire it meanwhile)
        team_ids = frozenset(net["ids"][t] for t in net["team"])
        built = balls._ball
        assert built is not None and built.team == team_ids
        for result in results:
            single = await post(
                client, "/v1/intros", {"target_id": result["target"]["id"], **options}
            )
            assert result["target"] == single["target"]
            assert result["paths"] == single["paths"]
            if "min_strength" not in options and "distinct_introducers" not in options:
                k, hops = options["limit"], options.get("max_hops", 4)
                want = oracle_scores(net, result["target"]["id"], None, k, hops)
                same_scores([p["score"] for p in result["paths"]], want)
        # best first, by the oracle's best score of each target
        best = {
            t: (oracle_scores(net, t, None, 1, options.get("max_hops", 4)) or [0.0])[0]
            for t in targets
        }
        if "min_strength" not in options:
            order = [best[r["target"]["id"]] for r in results]
            assert order == sorted(order, reverse=True)


async def test_batch_by_tag_with_roles(client: httpx.AsyncClient, app: FastAPI) -> None:
    net = await accounts(client, app, seed=21)
    roles = ["decision_maker", "champion"]
    body = {"tag": "prospect", "roles": roles, "limit": 4, "max_hops": 3}
    answer = await post(client, "/v1/intros/batch", body)
    prospects = {c["id"] for c in net["companies"] if "prospect" in c["tags"]}
    assert {r["target"]["id"] for r in answer["results"]} == prospects
    for result in answer["results"]:
        want = oracle_scores(net, result["target"]["id"], roles, 4, 3)
        same_scores([p["score"] for p in result["paths"]], want)
        single = await post(
            client,
            "/v1/intros",
            {"target_id": result["target"]["id"], "roles": roles, "limit": 4, "max_hops": 3},
        )
        assert result["paths"] == single["paths"]
    scores = [(r["paths"][0]["score"] if r["paths"] else 0.0) for r in answer["results"]]
    assert scores == sorted(scores, reverse=True)
    # a tag nobody carries: no targets, an empty answer
    empty = await post(client, "/v1/intros/batch", {"tag": "nobody-has-this"})
    assert empty["results"] == []


async def test_targeting_refuses_bad_input(client: httpx.AsyncClient) -> None:
    sam = await person(client, "Sam", is_team=True)
    ada = await person(client, "Ada")
    acme = await company(client, "Acme")
    await relate(client, "KNOWS", sam, ada, strength=0.5)
    await relate(client, "WORKS_AT", ada, acme, properties={"role": "user"})
    bad = [
        {"target_ids": []},
        {"target_ids": [f"id-{i}" for i in range(101)]},
        {},
        {"target_ids": [acme["id"]], "tag": "prospect"},
        {"target_ids": [acme["id"]], "roles": ["king"]},
        {"target_ids": [acme["id"]], "roles": ["user", "user"]},
        {"target_ids": [acme["id"]], "roles": []},
        {"target_ids": [acme["id"]], "limit": 0},
        {"target_ids": [acme["id"]], "max_hops": 7},
        {"target_ids": [acme["id"]], "types": ["WORKS_AT"]},
        {"target_ids": [acme["id"]], "colour": "red"},
        {"target_ids": [ada["id"]], "roles": ["user"]},  # a person target with roles
        {"tag": ""},
    ]
    for body in bad:
        assert_problem(await client.post("/v1/intros/batch", json=body), 422)
    problem = assert_problem(
        await client.post("/v1/intros/batch", json={"target_ids": [acme["id"], "nope"]}), 404
    )
    assert "nope" in problem["detail"]
    # one target: roles on a person are a 422, an unknown role too
    single = {"target_id": ada["id"], "roles": ["user"]}
    assert (
        "company target"
        in assert_problem(await client.post("/v1/intros", json=single), 422)["detail"]
    )
    body = {"target_id": acme["id"], "roles": ["boss"]}
    assert_problem(await client.post("/v1/intros", json=body), 422)
    # roles that nobody at the company holds: no endpoints, no paths (not an error)
    body = {"target_id": acme["id"], "roles": ["blocker"]}
    assert (await post(client, "/v1/intros", body))["paths"] == []
    both = await post(client, "/v1/intros", {"target_id": acme["id"], "roles": ["user"]})
    assert [n["id"] for n in both["paths"][0]["nodes"]] == [sam["id"], ada["id"], acme["id"]]
