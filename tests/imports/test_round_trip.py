"""relmap's own export imported back into the same graph changes nothing (../shared/API.md,
"Import and sync"): every row is reported unchanged, interaction-derived strengths stay
derived (and keep decaying), hand-set strengths stay hand-set, events and ATTENDED come back,
and the next export equals the first."""

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.helpers import company, person, relate

pytestmark = pytest.mark.anyio

CONTENT_TYPES = {
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def days_ago(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


async def build(client: httpx.AsyncClient) -> dict[str, Any]:
    """Some nodes with an external_id, some without; strengths of every source."""
    acme = await company(client, "Acme", domain="acme.example", tags=["client"], size=120)
    initech = await company(client, "Initech", external_id="crm-c2", attributes={"tier": 2})
    ada = await person(
        client,
        "Ada",
        email="ada@acme.example",
        title="CTO",
        tags=["vip", "uk"],
        attributes={"linkedin": "ada", "score": 3},
        external_id="crm-1",
    )
    bob = await person(client, "Bob", location="Paris")
    cy = await person(client, "Cy", is_team=True)
    dee = await person(client, "Dee", external_id="crm-4")
    since = {"role": "decision_maker", "title": "Chief", "since": "2020-01-01"}
    await relate(client, "WORKS_AT", ada, acme, properties={**since, "desk": "3F"})
    await relate(client, "WORKS_AT", bob, acme, properties={"role": "user", "until": "2022-05-01"})
    await relate(client, "WORKS_AT", dee, initech, strength=0.95)
    await relate(client, "KNOWS", cy, ada, strength=0.6)  # hand-set, then interactions too
    await relate(client, "REPORTS_TO", bob, ada)  # the type's default
    await relate(client, "INFLUENCES", dee, bob, strength=0.45, properties={"topic": "budget"})
    await relate(client, "CLIENT_OF", acme, initech, strength=0.7)
    for days, people, kind in (
        (40, [cy, ada], "meeting"),
        (12, [cy, bob], "email"),
        (3, [cy, bob, dee], "call"),
        (90, [ada, dee], "message"),
    ):
        body = {
            "kind": kind,
            "occurred_at": days_ago(days),
            "participant_ids": [p["id"] for p in people],
        }
        response = await client.post("/v1/interactions", json=body)
        assert response.status_code == 201, response.text
    event = await client.post(
        "/v1/events",
        json={
            "name": "Summit",
            "starts_on": "2026-03-01",
            "location": "Lisbon",
            "attendee_ids": [ada["id"], cy["id"]],
        },
    )
    assert event.status_code == 201, event.text
    bare = await client.post("/v1/events", json={"name": "Meetup", "attendee_ids": [bob["id"]]})
    assert bare.status_code == 201, bare.text
    return {"people": 4, "companies": 2, "events": 2}


async def all_relationships(client: httpx.AsyncClient) -> dict[str, dict]:
    out: dict[str, dict] = {}
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/relationships", params=params)).json()
        out.update({r["id"]: r for r in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return out


async def export(client: httpx.AsyncClient, fmt: str) -> bytes:
    response = await client.get("/v1/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    return response.content


def read(fmt: str, content: bytes) -> nx.MultiDiGraph:
    if fmt == "json":
        return nx.node_link_graph(json.loads(content), edges="edges")
    if fmt == "graphml":
        return nx.MultiDiGraph(nx.read_graphml(io.BytesIO(content)))
    return nx.MultiDiGraph(nx.read_gexf(io.BytesIO(content)))


# Attributes of the moment, not of the graph: today's decayed strength (and the weight and
# PageRank made from it) moves between two exports a second apart.
MOVING = {"strength", "weight", "pagerank"}


def comparable(graph: nx.MultiDiGraph) -> tuple[dict[str, Any], dict[str, Any]]:
    nodes = {n: {k: v for k, v in d.items() if k not in MOVING} for n, d in graph.nodes(data=True)}
    edges = {
        d["id"]: {**{k: v for k, v in d.items() if k not in MOVING}, "ends": (s, t)}
        for s, t, d in graph.edges(data=True)
    }
    return nodes, edges


def moving(graph: nx.MultiDiGraph) -> dict[str, float]:
    out = {f"n:{n}": d["pagerank"] for n, d in graph.nodes(data=True) if "pagerank" in d}
    out.update({f"e:{d['id']}": d["strength"] for _, _, d in graph.edges(data=True)})
    return out


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
async def test_importing_the_export_back_changes_nothing(
    client: httpx.AsyncClient, fmt: str
) -> None:
    nodes = await build(client)
    before = await all_relationships(client)
    sources = {r["strength_source"] for r in before.values()}
    assert {"default", "manual", "interactions"} <= sources
    # a hand-set KNOWS that interactions raised since: its floor, not its value, is hand-set
    assert any(
        r["strength_source"].startswith("manual") and r["last_interaction_at"]
        for r in before.values()
    )
    first = await export(client, fmt)

    response = await client.post(
        "/v1/import", content=first, headers={"Content-Type": CONTENT_TYPES[fmt]}
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["errors"] == [] and summary["error_count"] == 0
    assert set(summary["created"].values()) == {0}, summary
    assert set(summary["updated"].values()) == {0}, summary
    unchanged = summary["unchanged"]
    assert unchanged["people"] == nodes["people"]
    assert unchanged["companies"] == nodes["companies"]
    assert unchanged["events"] == nodes["events"]
    assert unchanged["relationships"] == len(before)  # ATTENDED included

    # strengths keep their sources: interactions stay derived, hand-set stays hand-set
    after = await all_relationships(client)
    assert set(after) == set(before)
    for rel_id, rel in before.items():
        again = after[rel_id]
        assert again["strength_source"] == rel["strength_source"], rel
        assert again["properties"] == rel["properties"], rel
        assert again["strength"] == pytest.approx(rel["strength"], abs=1e-6), rel
    people = (await client.get("/v1/people", params={"limit": 200})).json()["items"]
    assert len(people) == nodes["people"]
    assert sum(1 for p in people if p["external_id"] is None) == 2  # no key was invented

    second = await export(client, fmt)
    g1, g2 = read(fmt, first), read(fmt, second)
    assert comparable(g1) == comparable(g2)
    m1, m2 = moving(g1), moving(g2)
    assert m1.keys() == m2.keys()
    for key, value in m1.items():
        assert m2[key] == pytest.approx(value, abs=1e-6), key


async def test_the_same_file_twice_in_a_row_is_unchanged_twice(client: httpx.AsyncClient) -> None:
    """A decayed strength does not turn into a floor: importing twice leaves it decaying."""
    await build(client)
    content = await export(client, "graphml")
    for _ in range(2):
        response = await client.post(
            "/v1/import", content=content, headers={"Content-Type": CONTENT_TYPES["graphml"]}
        )
        summary = response.json()
        assert summary["updated"]["relationships"] == 0 and summary["errors"] == []
    derived = [
        r
        for r in (await all_relationships(client)).values()
        if r["strength_source"] == "interactions"
    ]
    assert derived, "the graph has interaction-derived edges"
