"""Shortest paths through HTTP against networkx on real networks, and their failure answers."""

import itertools
import random

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI

from app.mapping.repository import MappingRepository
from tests.helpers import assert_problem, company, person, relate
from tests.mapping import networks, oracle

pytestmark = pytest.mark.anyio


async def shortest(client: httpx.AsyncClient, **params) -> httpx.Response:
    return await client.get("/v1/paths/shortest", params=params)


@pytest.mark.parametrize("name", ["karate", "les_miserables"])
async def test_hops_and_tie_break_match_networkx(
    client: httpx.AsyncClient, app: FastAPI, name: str
) -> None:
    graph = nx.convert_node_labels_to_integers(getattr(networks, name)(), ordering="sorted")
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    rng = random.Random(len(graph))
    nodes = sorted(graph)
    for _ in range(30):
        a, b = rng.sample(nodes, 2)
        hops, best = oracle.shortest_tie_score(graph, a, b)
        response = await shortest(client, from_id=ids[a], to_id=ids[b], max_hops=8)
        assert response.status_code == 200, response.text
        body = response.json()
        path = [node_of[n["id"]] for n in body["nodes"]]
        assert body["hops"] == hops == len(path) - 1 == len(body["edges"])
        assert path[0] == a and path[-1] == b
        assert all(graph.has_edge(u, v) for u, v in itertools.pairwise(path))
        assert body["score"] == pytest.approx(best, abs=1e-9)
        # the bound exactly the shortest's hops (the search stops there): the same path
        exact = (await shortest(client, from_id=ids[a], to_id=ids[b], max_hops=hops)).json()
        assert [n["id"] for n in exact["nodes"]] == [n["id"] for n in body["nodes"]]
        # one hop short of the shortest: no path within the bound, a 404 problem
        if hops > 1:
            short = await shortest(client, from_id=ids[a], to_id=ids[b], max_hops=hops - 1)
            assert "no path" in assert_problem(short, 404)["detail"]


async def test_types_min_strength_and_companies(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    acme = await company(client, "Acme")
    await relate(client, "KNOWS", ada, bob, strength=0.2)
    await relate(client, "KNOWS", bob, cy, strength=0.9)
    await relate(client, "WORKS_AT", ada, acme, strength=0.9)
    await relate(client, "WORKS_AT", cy, acme, strength=0.9)
    # both routes have 2 hops: the stronger one (through Acme) wins the tie
    body = (await shortest(client, from_id=ada["id"], to_id=cy["id"])).json()
    assert [n["name"] for n in body["nodes"]] == ["Ada", "Acme", "Cy"]
    assert body["score"] == pytest.approx(0.81)
    # only KNOWS: through Bob
    body = (await shortest(client, from_id=ada["id"], to_id=cy["id"], types="KNOWS")).json()
    assert [n["name"] for n in body["nodes"]] == ["Ada", "Bob", "Cy"]
    assert [e["type"] for e in body["edges"]] == ["KNOWS", "KNOWS"]
    # min_strength drops the weak KNOWS: no KNOWS path at all
    weak = await shortest(
        client, from_id=ada["id"], to_id=cy["id"], types="KNOWS", min_strength=0.5
    )
    assert_problem(weak, 404)
    # a company is a node like any other
    body = (await shortest(client, from_id=acme["id"], to_id=bob["id"])).json()
    assert body["hops"] == 2 and body["nodes"][0]["label"] == "Company"


async def test_bad_requests_are_problems(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    assert_problem(await shortest(client, from_id=ada["id"], to_id="nope"), 404)
    assert_problem(await shortest(client, from_id=ada["id"], to_id=bob["id"]), 404)  # unlinked
    assert_problem(await shortest(client, from_id=ada["id"], to_id=bob["id"], max_hops=9), 422)
    assert_problem(await shortest(client, from_id=ada["id"], to_id=bob["id"], max_hops=0), 422)
    assert_problem(await shortest(client, from_id=ada["id"], to_id=bob["id"], types="LIKES"), 422)
    assert_problem(await client.get("/v1/paths/shortest", params={"from_id": ada["id"]}), 422)
    same = (await shortest(client, from_id=ada["id"], to_id=ada["id"])).json()
    assert same["hops"] == 0 and [n["id"] for n in same["nodes"]] == [ada["id"]]


async def test_min_strength_matches_networkx_on_the_kept_edges(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    graph = nx.convert_node_labels_to_integers(networks.les_miserables(), ordering="sorted")
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    rng = random.Random(16)
    for floor in (0.3, 0.55):
        kept = nx.Graph()
        kept.add_nodes_from(graph)
        kept.add_edges_from(
            (u, v, d) for u, v, d in graph.edges(data=True) if d["strength"] >= floor
        )
        for _ in range(15):
            a, b = rng.sample(sorted(graph), 2)
            params = {"from_id": ids[a], "to_id": ids[b], "max_hops": 8, "min_strength": floor}
            response = await shortest(client, **params)
            if not nx.has_path(kept, a, b) or nx.shortest_path_length(kept, a, b) > 8:
                assert_problem(response, 404)
                continue
            hops, best = oracle.shortest_tie_score(kept, a, b)
            body = response.json()
            path = [node_of[n["id"]] for n in body["nodes"]]
            assert body["hops"] == hops
            assert all(kept.has_edge(u, v) for u, v in itertools.pairwise(path))
            assert body["score"] == pytest.approx(best, abs=1e-9)


async def test_a_decayed_shortest_path_gives_way_to_a_longer_strong_one(
    client: httpx.AsyncClient,
) -> None:
    """The stored strength of an edge whose interactions are old bounds its decayed strength
    from above: the 2-hop path passes min_strength as stored but not now, so the answer is
    the 3-hop path (the one statement's shortest paths all fail; the search finds it)."""
    a, b, c, d, e = [await person(client, n) for n in ("A", "B", "C", "D", "E")]
    long_ago = "2020-01-01T00:00:00Z"
    for pair in ((a, b), (b, c)):
        body = {
            "kind": "meeting",
            "occurred_at": long_ago,
            "participant_ids": [pair[0]["id"], pair[1]["id"]],
        }
        for _ in range(3):
            assert (await client.post("/v1/interactions", json=body)).status_code == 201
    await relate(client, "KNOWS", a, d, strength=0.6)
    await relate(client, "KNOWS", d, e, strength=0.6)
    await relate(client, "KNOWS", e, c, strength=0.6)
    weak = await shortest(client, from_id=a["id"], to_id=c["id"])
    assert [n["name"] for n in weak.json()["nodes"]] == ["A", "B", "C"]
    body = (await shortest(client, from_id=a["id"], to_id=c["id"], min_strength=0.5)).json()
    assert [n["name"] for n in body["nodes"]] == ["A", "D", "E", "C"]
    assert body["hops"] == 3
    none = await shortest(client, from_id=a["id"], to_id=c["id"], min_strength=0.5, max_hops=2)
    assert_problem(none, 404)
