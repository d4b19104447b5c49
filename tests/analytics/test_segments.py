"""Segments against networkx's Louvain, members paging, saved segments."""

from typing import Any

import httpx
import networkx as nx
import pytest

from tests.analytics.networks import karate, lesmis, load, with_strengths
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def all_members(client: httpx.AsyncClient, segment_id: str) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        response = await client.get(f"/v1/segments/{segment_id}/members", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def partition(client: httpx.AsyncClient, algorithm: str) -> tuple[dict, list[list[str]]]:
    response = await client.get("/v1/segments", params={"algorithm": algorithm, "min_size": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    groups = [[m["id"] for m in await all_members(client, s["id"])] for s in body["items"]]
    for segment, members in zip(body["items"], groups, strict=True):
        assert segment["size"] == len(members) == len(set(members))
        # the sample is the start of the full list, most connected first
        assert [m["id"] for m in segment["members"]] == members[: len(segment["members"])]
        degrees = [m["weighted_degree"] for m in segment["members"]]
        assert degrees == sorted(degrees, reverse=True)
    return body, groups


@pytest.mark.parametrize("network", [karate, lesmis], ids=["karate", "lesmis"])
async def test_louvain_modularity_matches_networkx(client: httpx.AsyncClient, network: Any) -> None:
    graph = with_strengths(network())
    ids = await load(client, graph)
    node_of = {pid: node for node, pid in ids.items()}
    body, groups = await partition(client, "louvain")
    communities = [{node_of[p] for p in g} for g in groups]
    assert set().union(*communities) == set(graph.nodes())  # every person in exactly one
    assert sum(map(len, communities)) == graph.number_of_nodes()
    ours = nx.community.modularity(graph, communities, weight="strength")
    theirs = nx.community.modularity(
        graph, nx.community.louvain_communities(graph, weight="strength", seed=7), weight="strength"
    )
    assert ours == pytest.approx(body["modularity"], abs=1e-9)
    assert ours >= theirs - 0.02, (ours, theirs)
    # Leiden: the same bar
    body, groups = await partition(client, "leiden")
    leiden = [{node_of[p] for p in g} for g in groups]
    assert sum(map(len, leiden)) == graph.number_of_nodes()
    assert nx.community.modularity(graph, leiden, weight="strength") >= theirs - 0.02
    # label propagation: a partition of everyone too, with its own (lower or equal) modularity
    body, groups = await partition(client, "label_propagation")
    assert sorted(p for g in groups for p in g) == sorted(ids.values())
    communities = [{node_of[p] for p in g} for g in groups]
    assert nx.community.modularity(graph, communities, weight="strength") == pytest.approx(
        body["modularity"], abs=1e-9
    )


async def test_a_segment_says_what_characterises_it(client: httpx.AsyncClient) -> None:
    # Story: two cliques joined by one weak tie. The first are fintech people at Initech,
    # tagged "payments"; the second work at Hooli (search) and are tagged "ads".
    initech = await company(client, "Initech", industry="fintech")
    hooli = await company(client, "Hooli", industry="search")
    left = [await person(client, f"L{i}", tags=["payments"]) for i in range(5)]
    right = [await person(client, f"R{i}", tags=["ads"]) for i in range(4)]
    for group, firm in ((left, initech), (right, hooli)):
        for i, a in enumerate(group):
            await relate(client, "WORKS_AT", a, firm)
            for b in group[i + 1 :]:
                await relate(client, "KNOWS", a, b, strength=0.8)
    await relate(client, "KNOWS", left[0], right[0], strength=0.1)
    body = (await client.get("/v1/segments")).json()
    assert body["segment_count"] == 2 and [s["size"] for s in body["items"]] == [5, 4]
    first, second = body["items"]
    assert first["id"] == "louvain-0"
    assert {m["id"] for m in first["members"]} == {p["id"] for p in left}
    assert first["top_companies"] == [
        {"id": initech["id"], "name": "Initech", "industry": "fintech", "count": 5}
    ]
    assert first["top_industries"] == [{"name": "fintech", "count": 5}]
    assert first["top_tags"] == [{"name": "payments", "count": 5}]
    assert first["internal_edges"] == 10 and first["density"] == pytest.approx(1.0)
    assert second["top_tags"] == [{"name": "ads", "count": 4}]
    # the bridge person is the most connected of their clique
    assert first["members"][0]["id"] == left[0]["id"]
    # min_size hides the small ones
    assert (await client.get("/v1/segments", params={"min_size": 5})).json()["segment_count"] == 1

    # saved: read back later under its name, with the same people
    saved = await client.post(
        "/v1/segments/saved",
        json={
            "name": "Payments crowd",
            "segment_id": "louvain-0",
            "computation": body["computation"],
        },
    )
    assert saved.status_code == 201, saved.text
    saved_id = saved.json()["id"]
    assert saved.json()["member_count"] == 5 and saved.json()["algorithm"] == "louvain"
    listed = (await client.get("/v1/segments/saved")).json()["items"]
    assert [s["name"] for s in listed] == ["Payments crowd"]
    page = (await client.get(f"/v1/segments/saved/{saved_id}/members", params={"limit": 3})).json()
    rest = (
        await client.get(
            f"/v1/segments/saved/{saved_id}/members", params={"cursor": page["next_cursor"]}
        )
    ).json()
    assert {p["id"] for p in page["items"] + rest["items"]} == {p["id"] for p in left}
    assert rest["next_cursor"] is None
    # a person deleted later drops out of the list
    await client.delete(f"/v1/people/{left[1]['id']}")
    members = (await client.get(f"/v1/segments/saved/{saved_id}/members")).json()["items"]
    assert {p["id"] for p in members} == {p["id"] for p in left} - {left[1]["id"]}
    # a changed graph gives a new computation: the old one's segment ids are refused
    stale = await client.post(
        "/v1/segments/saved",
        json={"name": "x", "segment_id": "louvain-0", "computation": body["computation"]},
    )
    assert_problem(stale, 409)
    assert (await client.delete(f"/v1/segments/saved/{saved_id}")).status_code == 204
    assert_problem(await client.get(f"/v1/segments/saved/{saved_id}"), 404)


async def test_saving_a_list_of_people(client: httpx.AsyncClient) -> None:
    a, b = await person(client, "A"), await person(client, "B")
    body = {"name": "Board", "member_ids": [a["id"], b["id"], a["id"]]}
    saved = (await client.post("/v1/segments/saved", json=body)).json()
    assert saved["member_count"] == 2 and saved["algorithm"] is None
    got = (await client.get(f"/v1/segments/saved/{saved['id']}")).json()
    assert got["name"] == "Board" and got["member_count"] == 2
    missing = await client.post("/v1/segments/saved", json={"name": "x", "member_ids": ["nope"]})
    assert_problem(missing, 404)
    both = {"name": "x", "member_ids": [a["id"]], "segment_id": "louvain-0"}
    assert_problem(await client.post("/v1/segments/saved", json=both), 422)
    assert_problem(await client.get("/v1/segments/bogus-x/members"), 404)
    assert_problem(await client.get("/v1/segments", params={"algorithm": "kmeans"}), 422)
