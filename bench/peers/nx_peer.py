"""The script peer: networkx in one process, what an analyst with a notebook would write.

Loads the same person graph (undirected, the strongest edge per pair), answers ego networks,
shortest paths and the best intro paths with a hop-bounded enumeration of simple paths.
"""

import heapq
import itertools
import math
import time
from typing import Any

import networkx as nx


class TimeBudget(Exception):
    """The query ran past its budget (counted as a timeout, like PostgreSQL's)."""


def build(edges: list[tuple[int, int, float]]) -> tuple[Any, float]:
    started = time.perf_counter()
    graph = nx.Graph()
    for a, b, s in edges:
        if graph.has_edge(a, b) and graph[a][b]["strength"] >= s:
            continue
        graph.add_edge(a, b, strength=s)
    return graph, time.perf_counter() - started


def neighborhood(graph: Any, root: int, depth: int, limit: int) -> int:
    lengths = nx.single_source_shortest_path_length(graph, root, cutoff=depth)
    nodes = sorted(lengths, key=lengths.__getitem__)[:limit]
    return graph.subgraph(nodes).number_of_edges()


def shortest(graph: Any, source: int, target: int, max_hops: int) -> list[int] | None:
    try:
        path: list[int] = nx.shortest_path(graph, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    return path if len(path) - 1 <= max_hops else None


def intros(
    graph: Any, team: list[int], target: int, max_hops: int, k: int, budget_s: float
) -> list[tuple[float, list[int]]]:
    """Top k simple paths by product of strengths, every team member to target, exactly."""
    deadline = time.perf_counter() + budget_s
    blocked = set(team)
    best: list[tuple[float, list[int]]] = []  # min-heap of (score, path)
    for source in team:
        if source not in graph or target not in graph or source == target:
            continue
        sub = graph.subgraph(n for n in graph if n == source or n not in blocked)
        for i, path in enumerate(nx.all_simple_paths(sub, source, target, cutoff=max_hops)):
            if i % 1000 == 0 and time.perf_counter() > deadline:
                raise TimeBudget
            score = math.prod(graph[a][b]["strength"] for a, b in itertools.pairwise(path))
            item = (score, path)
            if len(best) < k:
                heapq.heappush(best, item)
            elif score > best[0][0]:
                heapq.heapreplace(best, item)
    return sorted(best, key=lambda x: (-x[0], len(x[1])))
