"""An independent oracle for warm intros and shortest paths, written with networkx only.

It shares no code with app/mapping: it enumerates every simple path by depth-first search
(pruned only by plain BFS hop distances to the target), so on small graphs it is the definition
of the answer, not another implementation of the same idea.
"""

import itertools
import math

import networkx as nx


def all_intro_paths(
    graph: nx.Graph, sources: set, targets: set, max_hops: int, min_strength: float = 0.0
) -> list[tuple[float, int, tuple]]:
    """Every valid path (score, hops, nodes): simple, from a source to a target, within
    max_hops, touching sources only at the start and targets only at the end."""
    sources = set(sources) - set(targets)
    usable = nx.Graph()
    usable.add_nodes_from(graph.nodes)
    usable.add_edges_from(
        (u, v, d) for u, v, d in graph.edges(data=True) if d["strength"] >= min_strength
    )
    interior = set(graph.nodes) - sources - set(targets)
    # hops from each interior node to the nearest target with the interior only in between: a
    # breadth-first search from every target at once that goes on from interior nodes only
    to_target: dict = dict.fromkeys(targets, 0)
    level = list(targets)
    for hops in range(1, max_hops + 1):
        level = [v for u in level for v in usable[u] if v in interior and v not in to_target]
        to_target.update(dict.fromkeys(level, hops))
    out: list[tuple[float, int, tuple]] = []

    def walk(path: list, score: float) -> None:
        u = path[-1]
        hops = len(path) - 1
        for v in usable[u]:
            s = usable[u][v]["strength"]
            if v in targets:
                out.append((score * s, hops + 1, (*path, v)))
                continue
            if v in sources or v in path:
                continue
            if hops + 1 + to_target.get(v, math.inf) > max_hops:
                continue
            path.append(v)
            walk(path, score * s)
            path.pop()

    for s in sources:
        walk([s], 1.0)
    out.sort(key=lambda p: (-p[0], p[1]))
    return out


def best_scores(graph: nx.Graph, sources: set, targets: set, max_hops: int, k: int) -> list:
    return [p[0] for p in all_intro_paths(graph, sources, targets, max_hops)[:k]]


def best_score_layered(graph: nx.Graph, sources: set, target, max_hops: int) -> float:
    """Top-1 for bigger graphs: the best product over walks of at most max_hops steps whose
    interior avoids the sources and the target (a best walk of non-negative costs is simple
    once its cycles are cut, so this is the best path). Layered DP over hop counts."""
    best = {s: 1.0 for s in sources if s != target}
    answer = 0.0
    for _ in range(max_hops):
        nxt: dict = {}
        for u, score in best.items():
            for v, data in graph[u].items():
                cand = score * data["strength"]
                if v == target:
                    answer = max(answer, cand)
                elif v not in sources and cand > nxt.get(v, 0.0):
                    nxt[v] = cand
        best = nxt
    return answer


def shortest_tie_score(graph: nx.Graph, a, b) -> tuple[int, float]:
    """Fewest hops, and the best product of strengths among the shortest paths."""
    hops = nx.shortest_path_length(graph, a, b)
    best = 0.0
    for path in nx.all_shortest_paths(graph, a, b):
        best = max(best, math.prod(graph[u][v]["strength"] for u, v in itertools.pairwise(path)))
    return hops, best
