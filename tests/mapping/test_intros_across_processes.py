"""Two API processes give one request one answer, ties included. Python's set order differs
between processes (PYTHONHASHSEED); a search that let the order in which it read edges pick
between paths of equal score answered differently from one worker to the next. The karate
club with every strength 0.5: every path ties with every other of its length. Real uvicorn
processes."""

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
