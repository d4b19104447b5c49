"""Real data: Zachary's karate club as KNOWS edges; merging two members must give the graph
networkx's contracted_nodes gives (self-loop dropped), with the ids and strengths kept."""

import httpx
import networkx as nx
import pytest

from tests.helpers import person, relate

pytestmark = pytest.mark.anyio


async def test_merge_in_the_karate_club_matches_node_contraction(
    client: httpx.AsyncClient,
) -> None:
    graph = nx.karate_club_graph()
    ids = {n: (await person(client, f"member {n}"))["id"] for n in graph}
    top = max(w for _, _, w in graph.edges(data="weight"))
    rel_ids = {}
    for a, b, w in graph.edges(data="weight"):
        rel = await relate(client, "KNOWS", {"id": ids[a]}, {"id": ids[b]}, strength=w / top)
        rel_ids[frozenset((a, b))] = rel["id"]
    survivor, duplicate = 0, 33  # the two leaders of the split; they share neighbours
    response = await client.post(
        f"/v1/people/{ids[survivor]}/merge", json={"duplicate_id": ids[duplicate]}
    )
    assert response.status_code == 200, response.text
    contracted = nx.contracted_nodes(graph, survivor, duplicate, self_loops=False)
    names = {v: k for k, v in ids.items()}
    got: dict[frozenset[int], dict] = {}
    cursor = None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/relationships", params=params)).json()
        for r in page["items"]:
            got[frozenset((names[r["source_id"]], names[r["target_id"]]))] = r
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(got) == {frozenset(e) for e in contracted.edges()}
    shared = set(graph[survivor]) & set(graph[duplicate])
    assert len(shared) > 0
    for pair, rel in got.items():
        if survivor in pair:
            (other,) = pair - {survivor}
            weights = [
                graph[n][other]["weight"] for n in (survivor, duplicate) if other in graph[n]
            ]
            assert rel["strength"] == pytest.approx(max(weights) / top)
            if other in shared:
                assert rel["id"] == rel_ids[frozenset((survivor, other))]
            elif other in graph[duplicate]:
                assert rel["id"] == rel_ids[frozenset((duplicate, other))]
        else:
            a, b = tuple(pair)
            assert rel["id"] == rel_ids[pair]
            assert rel["strength"] == pytest.approx(graph[a][b]["weight"] / top)
    report = response.json()["merge"]
    assert len(report["combined_relationships"]) == len(shared)
    assert len(report["removed_relationships"]) == int(graph.has_edge(survivor, duplicate))
