"""Real networks loaded through the API, with the strengths the oracle uses.

Strength of an edge = weight / (max weight + 1): monotone in the published weight (co-
appearances in Les Miserables, interaction counts in the karate club), strictly inside (0, 1).
"""

import asyncio
import math

import httpx
import networkx as nx


def karate() -> nx.Graph:
    return nx.karate_club_graph()


def lesmis() -> nx.Graph:
    return nx.les_miserables_graph()


def with_strengths(graph: nx.Graph) -> nx.Graph:
    top = max(w for *_, w in graph.edges(data="weight", default=1))
    for _, _, data in graph.edges(data=True):
        data["strength"] = data.get("weight", 1) / (top + 1)
        data["distance"] = -math.log(data["strength"])
    return graph


async def load(client: httpx.AsyncClient, graph: nx.Graph, **person: object) -> dict:
    """Every node as a person (name = the node), every edge as KNOWS with its strength.

    Returns node -> person id. Requests go out a few at a time (the API is the loader)."""
    ids: dict = {}
    gate = asyncio.Semaphore(8)

    async def make(node: object) -> None:
        async with gate:
            r = await client.post("/v1/people", json={"name": str(node), **person})
            assert r.status_code == 201, r.text
            ids[node] = r.json()["id"]

    await asyncio.gather(*(make(n) for n in graph.nodes()))

    async def link(a: object, b: object, strength: float) -> None:
        async with gate:
            body = {
                "type": "KNOWS",
                "source_id": ids[a],
                "target_id": ids[b],
                "strength": strength,
            }
            r = await client.post("/v1/relationships", json=body)
            assert r.status_code == 201, r.text

    await asyncio.gather(*(link(a, b, d["strength"]) for a, b, d in graph.edges(data=True)))
    return ids
