"""Real data: the Davis Southern Women (18 women at 14 social events, networkx) logged as
`event` interactions, one by one or in one import. The KNOWS graph and its strengths are checked
against networkx's bipartite projection and an independent sum over each pair's shared events."""

from datetime import UTC, datetime, timedelta

import httpx
import networkx as nx
import pytest

from tests.helpers import person
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import iso

pytestmark = pytest.mark.anyio

NOW = datetime.now(UTC).replace(microsecond=0)


async def _load(client: httpx.AsyncClient) -> tuple[nx.Graph, dict, dict]:
    graph = nx.davis_southern_women_graph()
    women, events = graph.graph["top"], graph.graph["bottom"]
    ids = {w: (await person(client, w))["id"] for w in women}
    # the events get synthetic dates, 9 days apart, E14 the most recent; logged newest first
    # (out of order) to exercise late arrival as well
    when = {e: NOW - timedelta(days=9 * (len(events) - i)) for i, e in enumerate(events)}
    for event in reversed(events):
        body = {
            "kind": "event",
            "occurred_at": iso(when[event]),
            "participant_ids": [ids[w] for w in graph.neighbors(event)],
            "summary": event,
        }
        response = await client.post("/v1/interactions", json=body)
        assert response.status_code == 201, response.text
    return graph, ids, when


async def test_davis_southern_women(client: httpx.AsyncClient) -> None:
    graph, ids, when = await _load(client)
    await _check(client, graph, ids, when)


async def test_davis_southern_women_imported_at_once(client: httpx.AsyncClient) -> None:
    """The newest event is logged by hand; the 13 older ones arrive late, in one import whose
    batch holds several events of the same pairs: the import folds them per pair, then into the
    edges the first event made."""
    graph = nx.davis_southern_women_graph()
    women, events = graph.graph["top"], graph.graph["bottom"]
    people = [{"external_id": f"w{i}", "name": w} for i, w in enumerate(women)]
    external = {w: f"w{i}" for i, w in enumerate(women)}
    response = await client.post("/v1/import", json={"people": people})
    assert response.status_code == 200, response.text
    ids = {}
    for w in women:
        found = (await client.get("/v1/people", params={"q": w, "limit": 5})).json()["items"]
        ids[w] = next(p["id"] for p in found if p["name"] == w)
    when = {e: NOW - timedelta(days=9 * (len(events) - i)) for i, e in enumerate(events)}
    newest = events[-1]
    body = {
        "kind": "event",
        "occurred_at": iso(when[newest]),
        "participant_ids": [ids[w] for w in graph.neighbors(newest)],
        "summary": newest,
    }
    assert (await client.post("/v1/interactions", json=body)).status_code == 201
    rows = [
        {
            "external_id": f"davis-{e}",
            "kind": "event",
            "occurred_at": iso(when[e]),
            "participant_external_ids": [external[w] for w in graph.neighbors(e)],
            "summary": e,
        }
        for e in events[:-1]
    ]
    response = await client.post("/v1/import", json={"interactions": rows})
    assert response.status_code == 200, response.text
    assert response.json()["created"]["interactions"] == len(events) - 1
    await _check(client, graph, ids, when)


async def _check(client: httpx.AsyncClient, graph: nx.Graph, ids: dict, when: dict) -> None:
    women = graph.graph["top"]
    names = {v: k for k, v in ids.items()}
    projection = nx.bipartite.projected_graph(graph, women)
    at = NOW + timedelta(minutes=1)
    edges: dict[frozenset[str], dict] = {}
    cursor = None
    while True:
        params = {"type": "KNOWS", "limit": 200, "as_of": iso(at)}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/relationships", params=params)).json()
        for r in page["items"]:
            edges[frozenset((names[r["source_id"]], names[r["target_id"]]))] = r
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(edges) == {frozenset(e) for e in projection.edges()}
    for pair, rel in edges.items():
        a, b = sorted(pair)
        shared = sorted(set(graph[a]) & set(graph[b]))
        touches = [("event", when[e], graph.degree(e), None) for e in shared]
        assert rel["interaction_count"] == len(shared)
        assert rel["strength"] == pytest.approx(strength(touches, at), abs=1e-9), pair
    # the women who met most (by shared events, weighted by group size) are the strongest
    weighted = {
        frozenset((a, b)): sum(1 / (graph.degree(e) - 1) for e in set(graph[a]) & set(graph[b]))
        for a, b in projection.edges()
    }
    top = max(weighted, key=lambda k: weighted[k])
    assert edges[top]["strength"] >= sorted(r["strength"] for r in edges.values())[-5]
    # each woman's timeline is her events, newest first
    for woman in ("Evelyn Jefferson", "Dorothy Murchison", "Flora Price"):
        page = (
            await client.get(f"/v1/people/{ids[woman]}/interactions", params={"limit": 200})
        ).json()
        expected = sorted(graph[woman], key=lambda e: when[e], reverse=True)
        assert [i["summary"] for i in page["items"]] == expected
        for item in page["items"]:
            assert {p["name"] for p in item["participants"]} == set(graph[item["summary"]])
