"""Property-based tests of the exact searches (app/graph/search.py) on random small graphs,
against brute force with networkx: every simple path is enumerated, so the oracle is the
definition of each answer, not another implementation of the same idea. No database.
"""

import asyncio
import itertools
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.graph import search
from app.graph.ball import build_ball
from app.graph.edge import Edge
from app.graph.search import (
    FoundPath,
    Region,
    best_to_each,
    best_walks,
    costs_from,
    hop_distances,
    shortest_path,
    top_paths,
)

# no deadline, no example database (nothing written to the tree), and no "too slow" health
# check: generation time depends on the machine's load, the tests' outcome must not
FAST = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# exact binary fractions and 1.0 make ties (equal products on different paths) common
strengths = st.sampled_from([1.0, 0.5, 0.25, 0.75, 0.125]) | st.floats(
    min_value=0.001, max_value=1.0, allow_nan=False
)


@dataclass
class Graph:
    nodes: list[str]
    edges: list[Edge]  # as stored: directed rows, parallel edges, self-loops

    def region(self) -> Region:
        region = Region()
        for edge in self.edges:
            region.add(edge)
        return region

    def nx(self) -> nx.Graph:
        """Undirected, the strongest edge per pair (ties: the smaller id), no self-loops."""
        g = nx.Graph()
        g.add_nodes_from(self.nodes)
        for e in self.edges:
            if e.source == e.target:
                continue
            kept = g.get_edge_data(e.source, e.target)
            if kept is None or (-e.strength, e.id) < (-kept["strength"], kept["id"]):
                g.add_edge(e.source, e.target, strength=e.strength, id=e.id)
        return g


@st.composite
def graphs(draw: st.DrawFn, min_nodes: int = 2, max_nodes: int = 9) -> Graph:
    """Each pair of nodes linked with a drawn density, either direction, sometimes by two
    parallel edges of different (or equal) strengths; a few self-loops (ignored)."""
    n = draw(st.integers(min_value=min_nodes, max_value=max_nodes))
    nodes = [f"n{i}" for i in range(n)]
    density = draw(st.integers(min_value=20, max_value=80))
    edges: list[Edge] = []
    for i, (a, b) in enumerate(itertools.combinations_with_replacement(nodes, 2)):
        if draw(st.integers(0, 99)) >= (density if a != b else 5):
            continue
        if draw(st.booleans()):
            a, b = b, a
        edges.append(Edge(f"e{i}", "KNOWS", a, b, draw(strengths), row={}))
        if draw(st.integers(0, 5)) == 0:  # a parallel edge, maybe reversed, maybe as strong
            tie = draw(st.booleans())
            strength = edges[-1].strength if tie else draw(strengths)
            ends = (b, a) if draw(st.booleans()) else (a, b)
            edges.append(Edge(f"p{i}", "WORKS_AT", ends[0], ends[1], strength, row={}))
    return Graph(nodes, edges)


def product(g: nx.Graph, nodes: Iterable[str]) -> float:
    return math.prod(g[u][v]["strength"] for u, v in itertools.pairwise(nodes))


def valid_paths(
    g: nx.Graph, sources: set[str], targets: set[str], max_hops: int
) -> list[tuple[float, int, tuple[str, ...]]]:
    """(score, hops, nodes) of every simple path from a source to a target within max_hops,
    touching sources only at the start and targets only at the end; best first."""
    starts = sources - targets
    blocked = sources | targets
    out = []
    interior = set(g.nodes) - blocked
    for s in starts:
        for t in targets:
            ends = g.subgraph(interior | {s, t})  # the interior avoids every source and target
            for path in nx.all_simple_paths(ends, s, t, cutoff=max_hops):
                out.append((product(g, path), len(path) - 1, tuple(path)))
    out.sort(key=lambda p: (-p[0], p[1]))
    return out


def check_found(
    found: list[FoundPath], g: nx.Graph, sources: set[str], targets: set[str], max_hops: int
) -> None:
    """Each path simple, valid, on the strongest edges, within bounds; the list sorted."""
    for p in found:
        nodes = p.nodes
        assert len(set(nodes)) == len(nodes), "not simple"
        assert nodes[0] in sources - targets and nodes[-1] in targets
        assert not set(nodes[1:-1]) & (sources | targets), "touches an end inside"
        assert 1 <= p.hops == len(nodes) - 1 <= max_hops
        for (u, v), edge in zip(itertools.pairwise(nodes), p.edges, strict=True):
            assert {edge.source, edge.target} == {u, v}
            assert edge.id == g[u][v]["id"], "not the strongest edge of the pair"
        assert p.score == pytest.approx(product(g, nodes), rel=1e-12)
        assert p.cost == pytest.approx(-math.log(p.score), abs=1e-9)
    for a, b in itertools.pairwise(found):
        # sorted by score, then hops: a score one rounding step higher comes first (the
        # oracle's order too), an equal one with fewer hops
        assert a.score >= b.score, "not sorted by score"
        if a.score == b.score:
            assert a.hops <= b.hops, "ties not sorted by hops"


def same_scores(got: list[float], want: list[float]) -> None:
    assert len(got) == len(want), (got, want)
    for a, b in zip(got, want, strict=True):
        assert a == pytest.approx(b, rel=0, abs=1e-9), (got, want)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Graph, set[str], set[str], int, int]:
    graph = draw(graphs(min_nodes=3))
    sources = set(draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    # mostly disjoint ends; sometimes overlapping (a node in both sets is only a target)
    others = [u for u in graph.nodes if u not in sources]
    pool = graph.nodes if draw(st.integers(0, 4)) == 0 or not others else others
    targets = set(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)))
    max_hops = draw(st.integers(min_value=1, max_value=5))
    limit = draw(st.integers(min_value=1, max_value=5))
    return graph, sources, targets, max_hops, limit


@FAST
@given(problem=problems())
def test_top_paths_are_the_k_best(problem: Any) -> None:
    graph, sources, targets, max_hops, limit = problem
    g = graph.nx()
    found = top_paths(graph.region(), set(sources), set(targets), max_hops, limit)
    check_found(found, g, sources, targets, max_hops)
    want = valid_paths(g, sources, targets, max_hops)[:limit]
    same_scores([p.score for p in found], [w[0] for w in want])
    # ties at equal scores go to fewer hops: the same hop counts as the oracle's order
    assert [p.hops for p in found] == [w[1] for w in want]


@FAST
@given(problem=problems())
def test_top_paths_with_distinct_introducers(problem: Any) -> None:
    graph, sources, targets, max_hops, limit = problem
    g = graph.nx()
    found = top_paths(
        graph.region(), set(sources), set(targets), max_hops, limit, distinct_introducers=True
    )
    check_found(found, g, sources, targets, max_hops)
    # the best path per introducer (the node after the source); direct paths each their own
    best: dict[Any, float] = {}
    for score, hops, nodes in valid_paths(g, sources, targets, max_hops):
        key = nodes[1] if hops >= 2 else nodes
        best[key] = max(best.get(key, 0.0), score)
    introducers = [p.nodes[1] for p in found if p.hops >= 2]
    assert len(introducers) == len(set(introducers)), "an introducer twice"
    for p in found:
        key = p.nodes[1] if p.hops >= 2 else p.nodes
        assert p.score == pytest.approx(best[key], rel=0, abs=1e-9), "not its introducer's best"
    same_scores([p.score for p in found], sorted(best.values(), reverse=True)[:limit])
    # of an introducer's paths that tie (equal scores: exact binary strengths make many), the
    # one first in the answer's order: fewer hops, then the node sequence
    paths = valid_paths(g, sources, targets, max_hops)
    for p in found:
        if p.hops >= 2:
            rivals = [
                (hops, nodes)
                for score, hops, nodes in paths
                if nodes[1] == p.nodes[1] and abs(score - p.score) <= 1e-12
            ]
            assert (p.hops, p.nodes) == min(rivals), "a tie claimed out of order"


def source_bounds(
    g: nx.Graph, starts: set[str], max_hops: int, slack: float, hop_slack: int
) -> tuple[tuple[dict[str, int], int], Any]:
    """Lower bounds a ball would give: hop distances and Dijkstra costs from the sources over
    the whole graph (paths may not pass through sources or targets, so these never exceed
    the truth), loosened by the slacks."""
    hops: dict[str, int] = {}
    costs: dict[str, float] = {}
    if starts:
        hops = {
            u: max(0, d - hop_slack)
            for u, d in nx.multi_source_dijkstra_path_length(g, starts, weight=None).items()
        }
        costs = nx.multi_source_dijkstra_path_length(
            g, starts, weight=lambda u, v, d: -math.log(d["strength"])
        )

    def source_cost(node: str, left: int) -> float:
        if node not in costs or hops[node] > left:
            return math.inf
        return costs[node] * slack

    return (hops, max_hops + 1), source_cost


@FAST
@given(
    problem=problems(),
    slack=st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0.0, 1.0),
    hop_slack=st.integers(0, 1),
    distinct=st.booleans(),
    use=st.sampled_from(["hops", "cost", "both"]),
    weaken=st.sampled_from([1.0, 0.3, 0.1]),
)
def test_top_paths_with_source_bounds_are_unchanged(
    problem: Any, slack: float, hop_slack: int, distinct: bool, use: str, weaken: float
) -> None:
    """source_hops / source_cost (a ball's lower bounds) prune the search, never the answer.
    Weakened strengths make path costs exceed the first budget (tau), so the budget grows."""
    graph, sources, targets, max_hops, limit = problem
    graph = Graph(
        graph.nodes,
        [Edge(e.id, e.type, e.source, e.target, e.strength * weaken, row={}) for e in graph.edges],
    )
    g = graph.nx()
    source_hops, source_cost = source_bounds(g, sources - targets, max_hops, slack, hop_slack)
    found = top_paths(
        graph.region(),
        set(sources),
        set(targets),
        max_hops,
        limit,
        distinct_introducers=distinct,
        source_hops=source_hops if use in ("hops", "both") else None,
        source_cost=source_cost if use in ("cost", "both") else None,
    )
    check_found(found, g, sources, targets, max_hops)
    plain = top_paths(
        graph.region(), set(sources), set(targets), max_hops, limit, distinct_introducers=distinct
    )
    same_scores([p.score for p in found], [p.score for p in plain])
    # the same paths, ties included: the bounds change how the search goes, not what it finds
    assert [p.nodes for p in found] == [p.nodes for p in plain]
    if not distinct:
        want = valid_paths(g, sources, targets, max_hops)[:limit]
        same_scores([p.score for p in found], [w[0] for w in want])


@st.composite
def account_problems(draw: st.DrawFn) -> tuple[Graph, set[str], set[str], int, int]:
    """An account map's shape: more nodes, a few sources, up to five targets apart from them."""
    graph = draw(graphs(min_nodes=6, max_nodes=12))
    sources = set(draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=2)))
    others = [u for u in graph.nodes if u not in sources]
    targets = set(draw(st.lists(st.sampled_from(others), min_size=1, max_size=5)))
    return graph, sources, targets, draw(st.integers(min_value=1, max_value=4)), 1


@settings(FAST, max_examples=300)
@given(
    problem=problems() | account_problems(),
    slack=st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0.0, 1.0),
    hop_slack=st.integers(0, 1),
    use=st.sampled_from(["none", "hops", "cost", "both"]),
    weaken=st.sampled_from([1.0, 0.3, 0.1]),
    tau=st.sampled_from([search.TAU_START, 0.5, 0.05]),
)
def test_best_to_each_is_each_targets_best_path(
    problem: Any, slack: float, hop_slack: int, use: str, weaken: float, tau: float
) -> None:
    """One pass for many targets (the account map): per target, the best path that touches the
    sources only at its start and that target only at its end (other targets may lie inside),
    as brute force finds it for that target alone; targets with no such path are absent. The
    ball's bounds (loosened by the slacks; weakened strengths make the cost budget grow) prune
    the work, never the answer."""
    graph, sources, targets, max_hops, _ = problem
    graph = Graph(
        graph.nodes,
        [Edge(e.id, e.type, e.source, e.target, e.strength * weaken, row={}) for e in graph.edges],
    )
    g = graph.nx()
    starts = sources - targets
    source_hops, source_cost = source_bounds(g, starts, max_hops, slack, hop_slack)
    with mock.patch.object(search, "TAU_START", tau):  # a small first budget: many rounds
        got = best_to_each(
            graph.region(),
            set(sources),
            set(targets),
            max_hops,
            source_hops=source_hops if use in ("hops", "both") else None,
            source_cost=source_cost if use in ("cost", "both") else None,
        )
    for t in targets:
        want = valid_paths(g, starts, {t}, max_hops)
        if not want:
            assert t not in got
            continue
        check_found([got[t]], g, starts, {t}, max_hops)
        same_scores([got[t].score], [want[0][0]])
        # of equal products, the fewest hops (a product one rounding step higher wins)
        assert got[t].hops == min(h for s, h, _ in want if s == want[0][0])
    assert set(got) <= targets


def test_best_to_each_on_sparse_weak_graphs() -> None:
    """The same check on 1,000 seeded sparse graphs of weak edges with up to five targets,
    where the cost budget's rounds decide most answers (the rare case of a round that leaves
    nothing out while its best path costs more than the budget is one of them)."""
    for seed in range(1000):
        rng = random.Random(seed)
        nodes = [f"n{i}" for i in range(rng.randint(8, 12))]
        strengths = [0.9, 0.5, 0.3, 0.1, 0.05, 0.02]
        graph = Graph(
            nodes,
            [
                Edge(f"e{i}", "KNOWS", a, b, rng.choice(strengths), row={})
                for i, (a, b) in enumerate(itertools.combinations(nodes, 2))
                if rng.random() < 0.35
            ],
        )
        g = graph.nx()
        sources = set(rng.sample(nodes, rng.randint(1, 2)))
        targets = set(rng.sample([u for u in nodes if u not in sources], rng.randint(2, 5)))
        max_hops = rng.randint(2, 4)
        source_hops, source_cost = source_bounds(
            g, sources, max_hops, rng.choice([0.0, 0.5, 1.0]), 0
        )
        with mock.patch.object(search, "TAU_START", rng.choice([2.0, 0.5, 0.05])):
            got = best_to_each(
                graph.region(),
                sources,
                targets,
                max_hops,
                source_hops=source_hops,
                source_cost=source_cost,
            )
        for t in targets:
            want = valid_paths(g, sources, {t}, max_hops)
            assert (t in got) == bool(want), (seed, t)
            if want:
                same_scores([got[t].score], [want[0][0]])


@FAST
@given(graph=graphs(), data=st.data())
def test_shortest_path_is_fewest_hops_then_best_product(graph: Graph, data: Any) -> None:
    start = data.draw(st.sampled_from(graph.nodes))
    goal = data.draw(st.sampled_from(graph.nodes))
    max_hops = data.draw(st.integers(min_value=0, max_value=6))
    g = graph.nx()
    got = shortest_path(graph.region(), start, goal, max_hops)
    if start == goal:
        assert got == [start]
        return
    if not nx.has_path(g, start, goal) or nx.shortest_path_length(g, start, goal) > max_hops:
        assert got is None
        return
    hops = nx.shortest_path_length(g, start, goal)
    best = max(product(g, p) for p in nx.all_shortest_paths(g, start, goal))
    assert got is not None
    assert got[0] == start and got[-1] == goal and len(got) - 1 == hops
    assert all(g.has_edge(u, v) for u, v in itertools.pairwise(got))
    assert product(g, got) == pytest.approx(best, rel=1e-12)


@FAST
@given(graph=graphs(), data=st.data())
def test_best_walks_are_the_best_simple_paths(graph: Graph, data: Any) -> None:
    start = data.draw(st.sampled_from(graph.nodes))
    max_hops = data.draw(st.integers(min_value=0, max_value=5))
    g = graph.nx()
    got = best_walks(graph.region(), start, max_hops)
    # every simple path from start within max_hops (to any other node), best per end
    best = {start: 1.0}
    others = set(g.nodes) - {start}
    for path in nx.all_simple_paths(g, start, others, cutoff=max_hops) if max_hops else ():
        best[path[-1]] = max(best.get(path[-1], 0.0), product(g, path))
    assert set(got) == set(best)
    assert got[start] == []
    for v, steps in got.items():
        if v == start:
            continue
        nodes = [start]
        for edge in steps:
            assert nodes[-1] in (edge.source, edge.target)
            nodes.append(edge.other(nodes[-1]))
            assert edge.id == g[nodes[-2]][nodes[-1]]["id"], "not the strongest edge"
        assert nodes[-1] == v and 1 <= len(steps) <= max_hops
        assert len(set(nodes)) == len(nodes), "not a simple path"
        assert math.prod(e.strength for e in steps) == pytest.approx(best[v], rel=1e-12)


@FAST
@given(graph=graphs(), data=st.data())
def test_costs_from_is_dijkstra_on_minus_log_strength(graph: Graph, data: Any) -> None:
    starts = set(data.draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    among_nodes = set(data.draw(st.lists(st.sampled_from(graph.nodes), max_size=9)))
    among = {u: 0 for u in among_nodes}
    g = graph.nx()
    got = costs_from(graph.region(), set(starts), among)
    # the paths: from a start, through nodes of `among` only
    sub = g.subgraph(among_nodes | starts)
    want = nx.multi_source_dijkstra_path_length(
        sub, starts, weight=lambda u, v, d: -math.log(d["strength"])
    )
    assert set(got) == set(want)
    for u, cost in want.items():
        assert got[u] == pytest.approx(cost, rel=1e-9, abs=1e-12), u


@FAST
@given(graph=graphs(), data=st.data())
def test_hop_distances_is_bfs_not_walking_through_stops(graph: Graph, data: Any) -> None:
    starts = set(data.draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    stop = frozenset(data.draw(st.lists(st.sampled_from(graph.nodes), max_size=4)))
    max_hops = data.draw(st.integers(min_value=0, max_value=6))
    g = graph.nx()
    got = hop_distances(graph.region(), starts, max_hops, stop=stop)
    # a stop node is reached but not left (unless it is a start)
    walk = nx.DiGraph()
    walk.add_nodes_from(g.nodes)
    for u, v in g.edges:
        for a, b in ((u, v), (v, u)):
            if a in starts or a not in stop:
                walk.add_edge(a, b)
    want = nx.multi_source_dijkstra_path_length(walk, starts, cutoff=max_hops)
    assert got == want


def _bounded_bfs(
    g: nx.Graph, starts: set[str], stop: frozenset[str], max_hops: int, bound: dict[str, int]
) -> dict[str, int]:
    """hop_distances with rest = (bound, ...), by its definition: the BFS distances over the
    nodes v with dist(v) + bound(v) <= max_hops, dropping those that break it until none do
    (a dropped node can only make others farther)."""
    keep = set(g.nodes)
    while True:
        walk = nx.DiGraph()
        walk.add_nodes_from(keep)
        for u, v in g.edges:
            for a, b in ((u, v), (v, u)):
                if a in keep and b in keep and (a in starts or a not in stop):
                    walk.add_edge(a, b)
        dist = nx.multi_source_dijkstra_path_length(walk, starts & keep, cutoff=max_hops)
        bad = {v for v, d in dist.items() if d > 0 and d + bound[v] > max_hops}
        if not bad:
            return dist
        keep -= bad


@settings(FAST, max_examples=400)
@given(graph=graphs(min_nodes=5, max_nodes=14), data=st.data())
def test_hop_distances_walk_a_ball_by_its_layers(graph: Graph, data: Any) -> None:
    """Bounded by a team's ball's hops, the walk reads the ball's rows layer by layer (only
    the neighbours near enough the team) and the rest as the region's own: the same
    distances as the definition."""
    team = frozenset(data.draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    rows = [
        {"id": e.id, "source_id": e.source, "target_id": e.target, "strength": e.strength}
        for e in graph.edges
    ]

    async def expand(ids: list[str], limit: int) -> list[dict[str, Any]]:
        return [r for r in rows if r["source_id"] in ids or r["target_id"] in ids][:limit]

    ball = asyncio.run(build_ball(1, team, expand, lambda row: float(row["strength"])))
    assert ball is not None
    region = Region(ball, lambda row: None)
    in_ball = {row["id"] for pairs in ball.raw.values() for _, row in pairs}
    for row in rows:
        if row["id"] not in in_ball:
            region.add_row(row)
    starts = set(data.draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    stop = frozenset(data.draw(st.lists(st.sampled_from(graph.nodes), max_size=4)))
    max_hops = data.draw(st.integers(min_value=0, max_value=6))
    hops, beyond = ball.source_hops
    got = hop_distances(region, starts, max_hops, stop=stop, rest=(hops, beyond))
    bound = {v: hops.get(v, beyond) for v in graph.nodes}
    assert got == _bounded_bfs(graph.nx(), starts, stop, max_hops, bound)


@settings(FAST, max_examples=300)
@given(graph=graphs(min_nodes=5, max_nodes=11), data=st.data())
def test_searches_over_a_team_ball_are_exact(graph: Graph, data: Any) -> None:
    """top_paths and best_to_each on a region lent a real team ball, bounded by the ball's own
    hops and costs as the intro searches are: each edge is read only from its end nearer the
    targets, and a ball's rows only as far as a path's hops allow (Ball.nearby). Strengths
    decayed since the build (the ball's bounds then come from stronger edges), some of the
    ball's rows fetched again as the region's own: the brute-force answers on today's graph."""
    team = frozenset(data.draw(st.lists(st.sampled_from(graph.nodes), min_size=1, max_size=3)))
    decay = {e.id: data.draw(st.sampled_from([1.0, 1.0, 0.9, 0.5])) for e in graph.edges}
    rows = [
        {"id": e.id, "type": e.type, "source_id": e.source, "target_id": e.target}
        | {"strength": e.strength}
        for e in graph.edges
    ]

    async def expand(ids: list[str], limit: int) -> list[dict[str, Any]]:
        return [r for r in rows if r["source_id"] in ids or r["target_id"] in ids][:limit]

    def make(row: dict[str, Any]) -> Edge:
        return Edge.of(row, row["strength"] * decay[row["id"]])

    ball = asyncio.run(build_ball(1, team, expand, lambda row: float(row["strength"])))
    assert ball is not None
    today = Graph(graph.nodes, [make(row) for row in rows])
    g = today.nx()
    in_ball = {row["id"] for pairs in ball.raw.values() for _, row in pairs}
    again = data.draw(st.booleans())

    def region() -> Region:
        region = Region(ball, make)
        for row in rows:
            if row["id"] not in in_ball or again:
                region.add_row(row)
        return region

    sources = set(data.draw(st.lists(st.sampled_from(sorted(team)), min_size=1, max_size=3)))
    others = [u for u in graph.nodes if u not in team]
    if not others:
        return
    targets = set(data.draw(st.lists(st.sampled_from(others), min_size=1, max_size=5)))
    max_hops = data.draw(st.integers(min_value=1, max_value=5))
    limit = data.draw(st.integers(min_value=1, max_value=5))
    bounds: dict[str, Any] = {"source_hops": ball.source_hops, "source_cost": ball.source_cost}
    with mock.patch.object(search, "TAU_START", data.draw(st.sampled_from([2.0, 0.5, 0.05]))):
        found = top_paths(region(), set(sources), set(targets), max_hops, limit, **bounds)
        each = best_to_each(region(), set(sources), set(targets), max_hops, **bounds)
    check_found(found, g, sources, targets, max_hops)
    want = valid_paths(g, sources, targets, max_hops)[:limit]
    same_scores([p.score for p in found], [w[0] for w in want])
    assert [p.hops for p in found] == [w[1] for w in want]
    for t in targets:
        best = valid_paths(g, sources, {t}, max_hops)
        assert (t in each) == bool(best), t
        if best:
            check_found([each[t]], g, sources, {t}, max_hops)
            same_scores([each[t].score], [best[0][0]])
    assert set(each) <= targets


@pytest.mark.parametrize("first", ["z", "b"])
def test_an_introducer_s_tied_paths_give_the_answer_s_first_whatever_was_read_first(
    first: str,
) -> None:
    """s-a-b-t and s-a-z-t score the same through one introducer (a): the answer holds the one
    first in its order (the node sequence), whichever edge the region read first."""
    later = "b" if first == "z" else "z"
    region = Region()
    for i, (u, v, strength) in enumerate(
        [
            ("s", "a", 1.0),
            ("a", first, 0.5),
            ("a", later, 0.5),
            (first, "t", 1.0),
            (later, "t", 1.0),
        ]
    ):
        region.add(Edge(f"e{i}", "KNOWS", u, v, strength, row={}))
    found = top_paths(region, {"s"}, {"t"}, 3, 1, distinct_introducers=True)
    assert [p.nodes for p in found] == [("s", "a", "b", "t")]
