"""Two API processes give one request one answer. Each process has its own Python set order
(PYTHONHASHSEED) and its own analytics results: a search that let the order in which it read
edges pick between paths of equal score answered differently from one worker to the next, and
a partition named by a random id per process made another worker refuse its segment ids.
Real uvicorn processes."""

from pathlib import Path

import httpx
import networkx as nx
import pytest

from tests.mapping import networks
from tests.neo4j_server import Server
from tests.processes import start_api

pytestmark = pytest.mark.anyio


async def test_intros_through_two_processes_are_the_same_paths(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    """The karate club with every strength 0.5: every path ties with every other of its
    length, and each worker must pick the same (the answer's order: hops, then nodes)."""
    graph = nx.karate_club_graph()
    nx.set_edge_attributes(graph, 0.5, "strength")
    team = {0, 33}
    ids = await networks.load_http(client, graph, team=team)
    apis = [start_api(neo4j, tmp_path, f"api-{seed}", PYTHONHASHSEED=seed) for seed in "12"]
    try:
        answers: list[dict[tuple[str, bool], list[list[str]]]] = []
        for api in apis:
            got: dict[tuple[str, bool], list[list[str]]] = {}
            async with httpx.AsyncClient(base_url=api.url, timeout=60) as http:
                for node in sorted(set(graph) - team):
                    for distinct in (False, True):
                        body = {
                            "target_id": ids[node],
                            "limit": 10,
                            "max_hops": 4,
                            "distinct_introducers": distinct,
                        }
                        r = await http.post("/v1/intros", json=body)
                        assert r.status_code == 200, r.text
                        paths = [[n["id"] for n in p["nodes"]] for p in r.json()["paths"]]
                        assert paths, node
                        got[ids[node], distinct] = paths
            answers.append(got)
        differ = [key for key in answers[0] if answers[0][key] != answers[1][key]]
        assert differ == []
    finally:
        for api in apis:
            api.stop()


async def test_a_segment_listed_by_one_process_pages_and_saves_through_another(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    """The `computation` a segment id comes with is the same partition's in every process: a
    members page's cursor and a save that carry it are answered by the other worker as by the
    first (a random id per process made them 409s: "recomputed since")."""
    await networks.load_http(client, networks.karate(), team={0, 33})
    first, second = (start_api(neo4j, tmp_path, f"api-{i}") for i in range(2))
    try:
        async with (
            httpx.AsyncClient(base_url=first.url, timeout=60) as a,
            httpx.AsyncClient(base_url=second.url, timeout=60) as b,
        ):
            listed = (await a.get("/v1/segments", params={"min_size": 1})).json()
            assert listed["segment_count"] >= 2
            segment = listed["items"][0]
            page = await a.get(f"/v1/segments/{segment['id']}/members", params={"limit": 2})
            assert page.status_code == 200, page.text
            rest = await b.get(
                f"/v1/segments/{segment['id']}/members",
                params={"cursor": page.json()["next_cursor"], "limit": 100},
            )
            assert rest.status_code == 200, rest.text
            members = [m["id"] for m in page.json()["items"] + rest.json()["items"]]
            assert len(members) == segment["size"] == len(set(members))
            again = (await b.get("/v1/segments", params={"min_size": 1})).json()
            assert {**again, "computed_at": None} == {**listed, "computed_at": None}
            body = {
                "name": "first",
                "segment_id": segment["id"],
                "computation": listed["computation"],
            }
            saved = await b.post("/v1/segments/saved", json=body)
            assert saved.status_code == 201, saved.text
            assert saved.json()["member_count"] == segment["size"]
    finally:
        first.stop()
        second.stop()
