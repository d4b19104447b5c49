"""Influencers against networkx on the same real networks and the same strengths."""

import asyncio
from typing import Any

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI
from scipy.stats import spearmanr

from app.analytics import engine
from tests.analytics.networks import karate, lesmis, load, with_strengths
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


def oracle(graph: nx.Graph, metric: str) -> dict:
    if metric == "pagerank":
        return nx.pagerank(graph, weight="strength")
    if metric == "betweenness":
        return nx.betweenness_centrality(graph, weight="distance")
    return dict(graph.degree(weight="strength"))


def assert_same_top(k: int, ranked: list, expected: dict, label: str) -> None:
    """The first k equal networkx's top k as sets. When the oracle itself ties at the k-th
    place, any of the tied nodes may fill the last places (and only those)."""
    oracle_order = sorted(expected, key=lambda n: -expected[n])
    kth = expected[oracle_order[k - 1]]
    certain = {n for n in oracle_order if expected[n] > kth + 1e-12}
    tied = {n for n in oracle_order if abs(expected[n] - kth) <= 1e-12}
    top = set(ranked[:k])
    assert certain <= top and top <= certain | tied, label
    if len(certain | tied) == k:
        assert top == set(oracle_order[:k]), label


async def ranking(client: httpx.AsyncClient, **params: Any) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/influencers", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


@pytest.mark.parametrize("network", [karate, lesmis], ids=["karate", "lesmis"])
async def test_rankings_agree_with_networkx(client: httpx.AsyncClient, network: Any) -> None:
    graph = with_strengths(network())
    ids = await load(client, graph)
    node_of = {pid: node for node, pid in ids.items()}
    for metric in ("pagerank", "betweenness", "degree"):
        expected = oracle(graph, metric)
        items = await ranking(client, metric=metric)
        assert [i["rank"] for i in items] == list(range(1, graph.number_of_nodes() + 1))
        got = {node_of[i["id"]]: i["score"] for i in items}
        assert set(got) == set(graph.nodes())
        assert_same_top(10, [node_of[i["id"]] for i in items], expected, metric)
        nodes = list(graph.nodes())
        rho = spearmanr([got[n] for n in nodes], [expected[n] for n in nodes]).statistic
        assert rho >= 0.99, (metric, rho)
        # the scores are the metric itself, not only its order (betweenness: paths of equal
        # length in exact arithmetic may differ in the last float bit, so shares can move)
        tolerance = 5e-3 if metric == "betweenness" else 1e-6
        for n in nodes:
            assert got[n] == pytest.approx(expected[n], rel=1e-3, abs=tolerance), (metric, n)


async def test_the_influencer_outranks_those_they_influence(client: httpx.AsyncClient) -> None:
    # Story: Mira influences three engineers; nobody influences her. PageRank follows
    # influence from the influenced to the influencer, so Mira comes first.
    mira = await person(client, "Mira")
    engineers = [await person(client, f"Engineer {i}") for i in range(3)]
    for e in engineers:
        await relate(client, "INFLUENCES", mira, e, strength=0.8)
    items = await ranking(client, metric="pagerank")
    assert items[0]["id"] == mira["id"] and items[0]["rank"] == 1


async def test_scopes_rank_within_a_tag_a_company_and_an_industry(
    client: httpx.AsyncClient,
) -> None:
    graph = with_strengths(karate())
    ids = await load(client, graph)
    expected = nx.pagerank(graph, weight="strength")
    chosen = [0, 5, 16, 33, 2]  # tagged "vip"; the first three work at Initech (fintech)
    initech = await company(client, "Initech", industry="Fintech")
    for node in chosen:
        await client.patch(f"/v1/people/{ids[node]}", json={"tags": ["vip"]})
    for node in chosen[:3]:
        await relate(client, "WORKS_AT", {"id": ids[node]}, initech)
    order = sorted(chosen, key=lambda n: -expected[n])
    node_of = {pid: node for node, pid in ids.items()}
    tagged = await ranking(client, scope="tag:vip")
    assert [node_of[i["id"]] for i in tagged] == order
    assert [i["rank"] for i in tagged] == [1, 2, 3, 4, 5]
    at_company = await ranking(client, scope=f"company:{initech['id']}")
    assert [node_of[i["id"]] for i in at_company] == [n for n in order if n in chosen[:3]]
    assert at_company[0]["companies"][0]["name"] == "Initech"
    in_industry = await ranking(client, scope="industry:fintech")
    assert [i["id"] for i in in_industry] == [i["id"] for i in at_company]


async def test_bad_scopes_are_problems(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/influencers", params={"scope": "planet:mars"}), 422)
    assert_problem(await client.get("/v1/influencers", params={"scope": "company:nope"}), 404)
    assert_problem(await client.get("/v1/influencers", params={"metric": "fame"}), 422)


async def test_ranking_follows_new_edges(client: httpx.AsyncClient) -> None:
    # Story: a quiet newcomer meets half the club; the cached ranking must not hide it.
    graph = with_strengths(karate())
    ids = await load(client, graph)
    first = await ranking(client, metric="degree")
    newcomer = await person(client, "Newcomer")
    for node in range(0, 34, 2):
        await relate(client, "KNOWS", newcomer, {"id": ids[node]}, strength=0.9)
    after = await ranking(client, metric="degree")
    assert first[0]["id"] != newcomer["id"]
    assert after[0]["id"] == newcomer["id"]
    assert after[0]["score"] == pytest.approx(17 * 0.9)


async def test_a_changed_strength_reaches_the_cache_through_the_graph_version(
    make_app: Any, client: httpx.AsyncClient
) -> None:
    # Same counts before and after (a PATCH), so only the graph version can tell.
    app: FastAPI = make_app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            a, b, c = [await person(http, n) for n in "ABC"]
            ab = await relate(http, "KNOWS", a, b, strength=0.2)
            await relate(http, "KNOWS", b, c, strength=0.3)
            before = await ranking(http, metric="degree")
            assert before[0]["id"] == b["id"] and before[1]["id"] == c["id"]
            await http.patch(f"/v1/relationships/{ab['id']}", json={"strength": 0.9})
            after = await ranking(http, metric="degree")
            assert [i["id"] for i in after[:2]] == [b["id"], a["id"]]
            assert after[1]["score"] == pytest.approx(0.9)


async def finish(client: httpx.AsyncClient, job: dict) -> dict:
    for _ in range(400):
        job = (await client.get(f"/v1/analytics/jobs/{job['id']}")).json()
        if job["status"] in ("done", "failed"):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job did not finish: {job}")


async def test_a_large_graph_is_computed_as_a_job(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = with_strengths(karate())
    ids = await load(client, graph)
    monkeypatch.setattr(engine, "INLINE_EDGES", 10)  # karate's 78 edges count as large now
    response = await client.get("/v1/influencers", params={"metric": "pagerank"})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running", "done") and 0 <= job["progress"] <= 1
    job = await finish(client, job)
    assert job["status"] == "done" and job["progress"] == 1 and job["finished_at"]
    response = await client.get("/v1/influencers", params={"metric": "pagerank"})
    assert response.status_code == 200 and not response.json()["stale"]
    # After a write the previous answer is served at once, marked stale, while a job redoes it
    newcomer = await person(client, "Newcomer")
    for node in range(0, 34, 2):
        await relate(client, "KNOWS", newcomer, {"id": ids[node]}, strength=0.9)
    response = await client.get("/v1/influencers", params={"metric": "pagerank"})
    assert response.status_code == 200
    stale = response.json()
    assert stale["stale"] and stale["job_id"] and stale["people"] == 34
    assert (await finish(client, {"id": stale["job_id"]}))["status"] == "done"
    fresh = (await client.get("/v1/influencers", params={"metric": "pagerank"})).json()
    assert not fresh["stale"] and fresh["people"] == 35
    assert fresh["items"][0]["id"] == newcomer["id"]
    assert_problem(await client.get("/v1/analytics/jobs/nope"), 404)


async def test_an_empty_network_has_no_influencers_and_no_segments(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/v1/influencers")).json()
    assert body["items"] == [] and body["people"] == 0
    body = (await client.get("/v1/segments")).json()
    assert body["items"] == [] and body["segment_count"] == 0
    loner = await person(client, "Loner")
    body = (await client.get("/v1/influencers", params={"metric": "betweenness"})).json()
    assert [(i["id"], i["score"]) for i in body["items"]] == [(loner["id"], 0.0)]
