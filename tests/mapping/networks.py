"""Real networks for the mapping tests, and loading them into relmap.

Weights become strengths with the monotone map s = w / (max_w + 1), so every strength lies in
(0, 1) and a heavier tie is a stronger relationship. Small networks are loaded through the HTTP
API; the astro-ph ball through the app's own repository in UNWIND batches (thousands of edges).
"""

import os
import random
import uuid
from collections import deque
from datetime import UTC, datetime
from pathlib import Path

import httpx
import networkx as nx

from app.mapping.repository import MappingRepository

# ../shared/data beside the repository (as CI lays it out), or RELMAP_SHARED_DATA
DATA = Path(
    os.environ.get("RELMAP_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)


def with_strengths(graph: nx.Graph) -> nx.Graph:
    top = max(float(w) for _, _, w in graph.edges(data="weight", default=1.0))
    out = nx.Graph()
    out.add_nodes_from(graph.nodes)
    for u, v, w in graph.edges(data="weight", default=1.0):
        out.add_edge(u, v, strength=float(w) / (top + 1.0))
    return out


def karate() -> nx.Graph:
    return with_strengths(nx.karate_club_graph())


def les_miserables() -> nx.Graph:
    return with_strengths(nx.les_miserables_graph())


def astro_ph() -> nx.Graph:
    """The METIS file: line i (1-based) lists the neighbours of node i."""
    graph = nx.Graph()
    with (DATA / "astro-ph.graph").open() as lines:
        n, _m, *_ = map(int, lines.readline().split())
        graph.add_nodes_from(range(1, n + 1))
        for i, line in enumerate(lines, start=1):
            for j in map(int, line.split()):
                if i < j:
                    graph.add_edge(i, j)
    return graph


def astro_ball(size: int, seed: int) -> nx.Graph:
    """A BFS ball of about `size` nodes around a seeded start, strengths from a seeded RNG."""
    full = astro_ph()
    rng = random.Random(seed)
    start = rng.choice([v for v in full if full.degree(v) >= 5])
    seen = {start}
    queue = deque([start])
    while queue and len(seen) < size:
        u = queue.popleft()
        for v in sorted(full[u]):
            if v not in seen and len(seen) < size:
                seen.add(v)
                queue.append(v)
    ball = nx.Graph(full.subgraph(seen))
    for u, v in sorted(ball.edges):
        ball[u][v]["strength"] = round(rng.uniform(0.05, 0.95), 6)
    return ball


async def load_http(
    client: httpx.AsyncClient, graph: nx.Graph, team: frozenset | set = frozenset()
) -> dict:
    """Every node a person (is_team for `team`), every edge a KNOWS with its strength."""
    ids = {}
    for node in graph.nodes:
        body = {"name": f"Person {node}", "is_team": node in team}
        response = await client.post("/v1/people", json=body)
        assert response.status_code == 201, response.text
        ids[node] = response.json()["id"]
    for u, v, s in graph.edges(data="strength"):
        body = {"type": "KNOWS", "source_id": ids[u], "target_id": ids[v], "strength": s}
        response = await client.post("/v1/relationships", json=body)
        assert response.status_code == 201, response.text
    return ids


async def load_bulk(
    repo: MappingRepository, graph: nx.Graph, team: frozenset | set = frozenset()
) -> dict:
    """The same storage contract as the API writes, in batches (tests and benchmarks only)."""
    ts = datetime.now(UTC)
    ids = {node: str(uuid.uuid4()) for node in graph.nodes}
    people = [
        {
            "id": ids[node],
            "name": f"Person {node}",
            "tags": [],
            "is_team": node in team,
            "attributes_json": "{}",
            "created_at": ts,
            "updated_at": ts,
        }
        for node in graph.nodes
    ]
    for i in range(0, len(people), 5000):
        await repo.bulk_people(people[i : i + 5000])
    edges = [
        {
            "source_id": ids[u],
            "target_id": ids[v],
            "props": {
                "id": str(uuid.uuid4()),
                "strength_base": s,
                "strength": s,
                "strength_source": "manual",
                "props_json": "{}",
                "created_at": ts,
                "updated_at": ts,
            },
        }
        for u, v, s in graph.edges(data="strength")
    ]
    for i in range(0, len(edges), 10000):
        await repo.bulk_knows(edges[i : i + 10000])
    return ids
