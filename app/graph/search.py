"""Exact path searches over a region of the graph already fetched from Neo4j (no I/O here).

A `Region` is an undirected view of fetched edges that keeps, per pair of nodes, the strongest
edge (the one a path would use). Three searches run on it:

- `shortest_path`: fewest hops, ties broken by the highest product of strengths (a dynamic
  programme over the layered DAG of shortest paths: exact).
- `top_paths`: the k best simple paths by product of strengths (cost = -ln strength) from a set
  of sources to a set of targets within a hop bound, interior nodes avoiding both sets. It is a
  best-first search over partial simple paths, ordered by g + h where h(u, hops left) is the
  exact hop-bounded cheapest cost from u to a target ignoring simplicity (a Bellman-Ford from
  the targets). h never overestimates, so completed paths come off the queue in non-decreasing
  cost: the first k completed are the k best. docs/mapping.md has the argument.
"""

import functools
import heapq
import math
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.graph.edge import Edge, Row

TIE = 1e-12  # costs closer than this are ties (then fewer hops first)


class SearchTooLarge(Exception):
    """The exact search would need more work than its cap allows."""


class Ball(Protocol):
    """Stored edge rows fetched once and shared by many searches (app/graph/ball.py): `raw`
    maps a node to (neighbour, row) pairs, both directions; `hops` gives each node's hop
    distance from the ball's centre (every type, any strength)."""

    @property
    def raw(self) -> Mapping[str, Sequence[tuple[str, Row]]]: ...
    @property
    def hops(self) -> Mapping[str, int]: ...
    @property
    def radius(self) -> int: ...
    def within(self, node: str, most: int) -> Iterable[str]:
        """The node's neighbours in the ball whose `hops` are at most `most`."""
        ...

    def nearby(self, node: str, most: int) -> Sequence[tuple[str, Row]]:
        """The node's (neighbour, row) pairs whose neighbour's `hops` is at most `most`."""
        ...


class Region:
    """Fetched edges, undirected; a path uses the strongest edge of a pair (ties: smaller id).

    Edges come in two ways: `add` takes an evaluated Edge (strength known, filters applied by
    the caller); a `ball` lends stored rows whose strength `make` computes the first time a
    search touches them (and which `make` may reject: wrong type, too weak). So a search over a
    large shared ball costs only what it touches."""

    def __init__(
        self, ball: Ball | None = None, make: Callable[[Row], Edge | None] | None = None
    ) -> None:
        self.ball = ball
        self._make = make
        self._own: dict[str, list[tuple[str, Edge | Row]]] = {}
        self._made: dict[str, Edge | None] = {}  # ball rows evaluated so far, by edge id
        self._best: dict[str, dict[str, Edge]] = {}  # neighbors() memo

    def add(self, edge: Edge) -> None:
        self._add(edge.source, edge.target, edge)

    def add_row(self, row: Row) -> None:
        """A stored row, evaluated by `make` when a search first touches it."""
        self._add(row["source_id"], row["target_id"], row)

    def _add(self, a: str, b: str, item: Edge | Row) -> None:
        if a == b:
            return
        for u, v in ((a, b), (b, a)):
            self._own.setdefault(u, []).append((v, item))
            self._best.pop(u, None)

    def __len__(self) -> int:
        """Nodes with an edge (the ball's nodes count once it is attached)."""
        if self.ball is None:
            return len(self._own)
        return len(self.ball.raw) + sum(1 for u in self._own if u not in self.ball.raw)

    def links(self, node: str, among: Container[str] | None = None) -> dict[str, Edge]:
        """The strongest usable edge to each neighbour (only neighbours in `among`, if given)."""
        if among is None and node in self._best:
            return self._best[node]
        lent = self.ball.raw.get(node, ()) if self.ball is not None else ()
        best = self._strongest(node, (lent, self._own.get(node, ())), among)
        if among is None:
            self._best[node] = best
        return best

    def toward(
        self, node: str, most: int, among: Container[str], bound: Mapping[str, int], beyond: int
    ) -> dict[str, Edge]:
        """links(node, among) to the neighbours v at most `most` hops from the sources by
        bound.get(v, beyond) (a lower bound of v's hops). A ball bounding by its own hops gives
        those rows as a slice (Ball.nearby): a hub's edges away from the sources are not read."""
        ball = self.ball
        lent: Iterable[tuple[str, Edge | Row]] = ()
        if ball is not None and bound is ball.hops:
            lent = ball.nearby(node, most)
        elif ball is not None:
            lent = [(v, r) for v, r in ball.raw.get(node, ()) if bound.get(v, beyond) <= most]
        own = [(v, i) for v, i in self._own.get(node, ()) if bound.get(v, beyond) <= most]
        return self._strongest(node, (lent, own), among)

    def _strongest(
        self,
        node: str,
        lists: Iterable[Iterable[tuple[str, Edge | Row]]],
        among: Container[str] | None,
    ) -> dict[str, Edge]:
        """Of the (neighbour, edge or stored row) pairs in `lists`, the strongest usable edge
        to each neighbour in `among` (all, when None)."""
        best: dict[str, Edge] = {}
        made, make = self._made, self._make
        for items in lists:  # every ranking's hottest loop: inlined
            for v, item in items:
                if (among is not None and v not in among) or v == node:
                    continue
                if isinstance(item, Edge):
                    edge: Edge | None = item
                elif item["id"] in made:
                    edge = made[item["id"]]
                else:
                    edge = made[item["id"]] = make(item) if make else None
                if edge is None:
                    continue
                kept = best.get(v)
                if kept is None or (edge.strength, kept.id) > (kept.strength, edge.id):
                    best[v] = edge
        return best

    def neighbors(self, node: str) -> dict[str, Edge]:
        return self.links(node)

    def reachable(self, node: str) -> Iterable[str]:
        """Neighbour ids for a breadth-first walk. Ball rows are not evaluated here (a walk
        over a ball is a bound: it may pass edges a search would reject, never miss one)."""
        if self.ball is not None:
            for v, _ in self.ball.raw.get(node, ()):
                yield v
        for v, _ in self._own.get(node, ()):
            yield v


def hop_distances(
    region: Region,
    starts: Iterable[str],
    max_hops: int,
    stop: frozenset[str] = frozenset(),
    rest: tuple[Mapping[str, int], int] | None = None,
) -> dict[str, int]:
    """BFS hop counts from `starts`; nodes in `stop` get a distance but are not walked through.
    rest = (hops, default), when given, bounds from below the hops from v to the far end
    (hops.get(v, default)): a node that cannot fit max_hops that way is not visited (nor
    anything only reachable through it)."""
    bound, beyond = rest if rest is not None else ({}, 0)
    far = bound.get
    ball = region.ball
    if ball is not None and bound is ball.hops:
        return _hop_layers(region, ball, starts, max_hops, stop, beyond)
    dist = dict.fromkeys(starts, 0)
    frontier = list(dist)
    for level in range(1, max_hops + 1):
        nxt: list[str] = []
        for u in frontier:
            if dist[u] > 0 and u in stop:
                continue
            for v in region.reachable(u):
                if v not in dist and level + far(v, beyond) <= max_hops:
                    dist[v] = level
                    nxt.append(v)
        if not nxt:
            break
        frontier = nxt
    return dist


def _hop_layers(
    region: Region,
    ball: Ball,
    starts: Iterable[str],
    max_hops: int,
    stop: frozenset[str],
    beyond: int,
) -> dict[str, int]:
    """hop_distances bounded by the ball's own hops (a ball's source_hops), its rows walked by
    layer: at `level`, only the ball's neighbours at most max_hops - level hops from its centre
    (Ball.within), which fit the bound by that very choice, and the region's own edges, checked
    against it (every type, any strength: a bound, like the ball's rows)."""
    hops, within, own = ball.hops, ball.within, region._own  # the region's own edges
    dist = dict.fromkeys(starts, 0)
    frontier = list(dist)
    for level in range(1, max_hops + 1):
        nxt: list[str] = []
        most = max_hops - level
        for u in frontier:
            if dist[u] > 0 and u in stop:
                continue
            for v in within(u, most):
                if v not in dist:
                    dist[v] = level
                    nxt.append(v)
            for v, _ in own.get(u, ()):
                if v not in dist and hops.get(v, beyond) <= most:
                    dist[v] = level
                    nxt.append(v)
        if not nxt:
            break
        frontier = nxt
    return dist


def shortest_path(region: Region, start: str, goal: str, max_hops: int) -> list[str] | None:
    """Fewest hops from start to goal; among those, the highest product of strengths."""
    if start == goal:
        return [start]
    from_start = hop_distances(region, [start], max_hops)
    if goal not in from_start:
        return None
    hops = from_start[goal]
    to_goal = hop_distances(region, [goal], hops)
    layers: list[list[str]] = [[] for _ in range(hops + 1)]
    for node, d in from_start.items():
        if d <= hops and to_goal.get(node) == hops - d:
            layers[d].append(node)
    best: dict[str, tuple[float, str | None]] = {start: (1.0, None)}
    for d in range(1, hops + 1):
        for node in sorted(layers[d]):
            choice: tuple[float, str | None] | None = None
            for prev, edge in sorted(region.neighbors(node).items()):
                if from_start.get(prev) != d - 1 or prev not in best:
                    continue
                score = best[prev][0] * edge.strength
                if choice is None or score > choice[0]:
                    choice = (score, prev)
            if choice is not None:
                best[node] = choice
    path = [goal]
    while path[-1] != start:
        parent = best[path[-1]][1]
        assert parent is not None
        path.append(parent)
    return path[::-1]


@dataclass(frozen=True, slots=True)
class FoundPath:
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    cost: float

    @property
    def hops(self) -> int:
        return len(self.edges)

    @property
    def score(self) -> float:
        return math.prod(e.strength for e in self.edges)


@dataclass(slots=True)
class SearchStats:
    nodes_in_region: int = 0
    nodes_kept: int = 0
    pops: int = 0


def _cheapest_to_targets(
    links: dict[str, dict[str, Edge]], sources: set[str], targets: set[str], max_hops: int
) -> list[dict[str, float]]:
    """h[k][u]: the cheapest cost from u to a target in at most k hops (interior avoiding the
    sources and targets), ignoring simplicity. Hop-bounded Bellman-Ford over `links` (each kept
    node's edges to kept nodes), O(max_hops * edges)."""
    out = {
        u: [(v, edge.cost) for v, edge in links[u].items() if v not in sources]
        for u in links
        if u not in targets
    }
    h: list[dict[str, float]] = [dict.fromkeys(targets, 0.0)]
    for _ in range(max_hops):
        prev = h[-1]
        cur = dict(prev)
        for u, edges in out.items():
            best = cur.get(u, math.inf)
            for v, cost in edges:
                rest = prev.get(v)
                if rest is not None and cost + rest < best:
                    best = cost + rest
            if best < math.inf:
                cur[u] = best
        h.append(cur)
    return h


def costs_from(region: Region, starts: set[str], among: dict[str, int]) -> dict[str, float]:
    """The cheapest cost from `starts` to each node of `among` over the region's edges among
    them (Dijkstra; hops unbounded, so a lower bound of any hop-bounded cost)."""
    dist = dict.fromkeys(starts, 0.0)
    heap = [(0.0, s) for s in starts]
    done: set[str] = set()
    while heap:
        d, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v, edge in region.links(u, among).items():
            if d + edge.cost < dist.get(v, math.inf):
                dist[v] = d + edge.cost
                heapq.heappush(heap, (dist[v], v))
    return dist


class SourceBound(Protocol):
    """A lower bound of the cost of reaching a node from the sources in at most `hops` hops
    (math.inf when it cannot be done): a shared ball's, app/graph/ball.py."""

    def __call__(self, node: str, hops: int) -> float: ...


# the first cost budget tried (a path score of about 0.37): any start gives the same answer,
# it only sets how many rounds a search takes and how much each reads. 2.0 (a score of 0.14)
# made a company intro's first ranking walk most of its region in one round; at 1.0, at the
# bench's S, company intros' and account maps' ranking CPU fell by 43 % and 25 %, person
# intros did not move beyond the noise (bench/notes.md, the thirty-fifth session)
TAU_START = 1.0
TAU_GROWTH = 1.75


def top_paths(
    region: Region,
    sources: set[str],
    targets: set[str],
    max_hops: int,
    limit: int,
    *,
    distinct_introducers: bool = False,
    max_pops: int = 500_000,
    stats: SearchStats | None = None,
    source_hops: tuple[Mapping[str, int], int] | None = None,
    source_cost: SourceBound | None = None,
    tau_start: float = TAU_START,
) -> list[FoundPath]:
    """The `limit` best simple paths (highest product of strengths) from a source to a target
    within max_hops, touching sources only at the start and targets only at the end; sorted by
    score desc, then hops asc. With distinct_introducers, the best path per introducer (the
    node after the source; direct contacts are each their own).

    source_hops = (hops, default), when given, bounds from below each node's hop distance from
    the sources (hops.get(u, default)): the region is then pruned from the targets' side alone.
    source_cost, when given, bounds from below the cost of reaching a node from the sources:
    the search then runs on the nodes that can lie on a path of cost at most tau, for a
    growing budget tau, and stops once it finds `limit` paths within the budget (every path of
    cost <= tau lies in that set, so those are the best ones). tau starts at tau_start: a cost
    that the limit-th best path is known not to exceed makes the first round the last (any
    value gives the same answer; it only changes how many rounds it takes)."""
    stats = stats if stats is not None else SearchStats()
    sources = sources - targets
    blocked = frozenset(sources | targets)
    hops: Mapping[str, int]
    if source_hops is None:
        hops, beyond = hop_distances(region, sources, max_hops, stop=blocked), max_hops + 1
        d_tgt = hop_distances(region, targets, max_hops, stop=blocked)
        kept = {u for u, d in hops.items() if d + d_tgt.get(u, max_hops + 1) <= max_hops}
    else:
        d_tgt = hop_distances(region, targets, max_hops, stop=blocked, rest=source_hops)
        hops, beyond = source_hops
        kept = {u for u, d in d_tgt.items() if d + hops.get(u, beyond) <= max_hops}
    stats.nodes_in_region, stats.nodes_kept = len(region), len(kept)
    if not kept:
        return []
    reach = _Reach(region, kept, hops, beyond, d_tgt, max_hops)  # read once for all rounds
    search = functools.partial(
        _search,
        sources,
        targets,
        max_hops=max_hops,
        limit=limit,
        distinct_introducers=distinct_introducers,
        max_pops=max_pops,
        stats=stats,
    )
    tau = tau_start
    while source_cost is not None:
        near, left_out = _within(reach, sources, targets, source_cost, tau)
        if len(near) >= len(kept):
            break
        stats.nodes_kept = len(near)
        found = search(reach.away(near, sources))
        if left_out == math.inf or (len(found) >= limit and found[limit - 1].cost <= tau - 1e-9):
            return found  # nothing left out could be on a path, or the best are all within tau
        tau = max(tau * TAU_GROWTH, left_out)
    return search(reach.away(kept, sources))


def best_to_each(
    region: Region,
    sources: set[str],
    targets: set[str],
    max_hops: int,
    *,
    source_hops: tuple[Mapping[str, int], int] | None = None,
    source_cost: SourceBound | None = None,
) -> dict[str, FoundPath]:
    """For every target reachable within max_hops, its best path from the sources: what
    top_paths(region, sources, {t}, max_hops, 1) answers for each t, all in one pass. A path
    touches the sources only at its start and its own target only at its end; other targets may
    lie inside it (the account map's colleagues introduce each other).

    A hop-layered dynamic programme from the sources (_best_walks) over the nodes that can lie
    on such a path: hop distances from both sides (source_hops as in top_paths) and, with
    source_cost, a growing cost budget tau as in top_paths: a round runs on the nodes that can
    lie on a path of cost <= tau (_within, walking through targets), and a target whose best
    path there costs at most tau has its answer (every path of cost <= tau lies in that set);
    the others wait for a larger budget."""
    sources = sources - targets
    stop = frozenset(sources)
    hops: Mapping[str, int]
    if source_hops is None:
        hops, beyond = hop_distances(region, sources, max_hops, stop=stop), max_hops + 1
    else:
        hops, beyond = source_hops
    d_tgt = hop_distances(region, targets, max_hops, stop=stop, rest=(hops, beyond))
    kept = {u for u, d in d_tgt.items() if d + hops.get(u, beyond) <= max_hops}
    reach = _Reach(region, kept, hops, beyond, d_tgt, max_hops)  # read once for all rounds
    done: dict[str, FoundPath] = {}
    left = targets & kept
    tau = TAU_START
    while source_cost is not None and left:
        near, left_out = _within(reach, sources, left, source_cost, tau, through_targets=True)
        if len(near) >= len(kept):
            break
        walks = _best_walks(reach.away(near, sources), sources, left, d_tgt, max_hops)
        if left_out == math.inf:  # nothing left out can be on a path, whatever the budget
            return done | walks
        done.update((t, path) for t, path in walks.items() if path.cost <= tau - 1e-9)
        left = left - done.keys()
        tau = max(tau * TAU_GROWTH, left_out)
    if left:
        done.update(_best_walks(reach.away(kept, sources), sources, left, d_tgt, max_hops))
    return done


def _best_walks(
    links: dict[str, dict[str, Edge]],
    sources: set[str],
    targets: set[str],
    d_tgt: Mapping[str, int],
    max_hops: int,
) -> dict[str, FoundPath]:
    """best_to_each's programme on the nodes of `links` (_Reach.away: each node's edges away
    from the sources, among those nodes): layer k keeps, per node, the best walk of exactly k
    hops (highest product, then the smaller node sequence). Strengths are at most 1, so
    cutting a cycle out of a walk never lowers its product and saves hops: the best walk to a
    target over all layers (product, then hops, then nodes) is a simple path."""
    Walk = tuple[float, tuple[str, ...], tuple[Edge, ...]]
    layer: dict[str, Walk] = {s: (1.0, (s,), ()) for s in sources & links.keys()}
    best: dict[str, Walk] = {}
    for k in range(1, max_hops + 1):
        nxt: dict[str, Walk] = {}
        for u, (score, nodes, edges) in layer.items():
            if k > 1 and u in sources:
                continue
            for v, edge in links[u].items():
                if v in sources or d_tgt[v] > max_hops - k:
                    continue
                walk = (score * edge.strength, (*nodes, v), (*edges, edge))
                old = nxt.get(v)
                if old is None or (walk[0], old[1]) > (old[0], walk[1]):
                    nxt[v] = walk
        for t in targets & nxt.keys():
            walk, old = nxt[t], best.get(t)
            if old is None or (walk[0], len(old[1]), old[1]) > (old[0], len(walk[1]), walk[1]):
                best[t] = walk
        layer = nxt
    return {
        t: FoundPath(nodes, edges, sum(e.cost for e in edges))
        for t, (_, nodes, edges) in best.items()
    }


def _within(
    reach: "_Reach",
    sources: set[str],
    targets: set[str],
    source_cost: SourceBound,
    tau: float,
    through_targets: bool = False,
) -> tuple[set[str], float]:
    """The kept nodes that can lie on a path of cost <= tau: a Dijkstra from the targets over
    the edges that fit a path's hops (reach.toward; hops otherwise ignored: a lower bound of
    any path's remaining cost) that keeps, and walks on from, only nodes u with
    f(u) = dist(u) + source_cost(u, hops left before u) <= tau. A node left out cannot lie on
    such a path; a node reached only through one cannot either. Also returns the least finite
    f of what was left out (inf: nothing left out can ever be on a path, whatever the
    budget)."""
    d_tgt, max_hops = reach.d_tgt, reach.max_hops
    dist: dict[str, float] = dict.fromkeys(targets & reach.kept, 0.0)
    heap = [(0.0, t) for t in dist]
    near: set[str] = set()
    beyond = math.inf
    while heap:
        d, u = heapq.heappop(heap)
        if u in near or d > dist[u]:
            continue
        f = d + source_cost(u, max_hops - d_tgt[u])
        if f > tau:
            beyond = min(beyond, f)
            continue
        near.add(u)
        if u in sources or (d > 0.0 and u in targets and not through_targets):
            continue
        for v, edge in reach.toward(u).items():
            nd = d + edge.cost
            if nd > tau:
                beyond = min(beyond, nd)
            elif nd < dist.get(v, math.inf):
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return near, beyond


class _Reach:
    """The edges a path of at most max_hops hops from the sources to a target can use, each
    read once, from its end nearer the targets. An edge (u, v), u on the sources' side, lies on
    such a path only if hops(u) + 1 + d_tgt(v) <= max_hops: u is at least hops(u) hops after
    the path's source and v at least d_tgt(v) before its target (both lower bounds). So v's
    edges toward the sources (`toward`) are those to neighbours u with
    hops(u) <= max_hops - 1 - d_tgt(v): a ball hands them over as a slice (Region.toward), and
    a hub of the ball, most of whose edges lead away from the team, is not read whole.
    `away` turns them round for the walks from the sources. Every edge of every path that fits
    is in both, in its direction, so a search on them gives the answers it gives on every
    edge among the kept nodes (docs/mapping.md)."""

    def __init__(
        self,
        region: Region,
        kept: set[str],
        hops: Mapping[str, int],
        beyond: int,
        d_tgt: Mapping[str, int],
        max_hops: int,
    ) -> None:
        self.region, self.kept, self.hops, self.beyond = region, kept, hops, beyond
        self.d_tgt, self.max_hops = d_tgt, max_hops
        self._toward: dict[str, dict[str, Edge]] = {}

    def toward(self, v: str) -> dict[str, Edge]:
        """v's edges to kept nodes that can come before it on a path (read once)."""
        out = self._toward.get(v)
        if out is None:
            most = self.max_hops - 1 - self.d_tgt[v]
            out = self.region.toward(v, most, self.kept, self.hops, self.beyond)
            self._toward[v] = out
        return out

    def away(self, among: set[str], sources: Container[str]) -> dict[str, dict[str, Edge]]:
        """Each node of `among` (kept nodes) with its edges to the nodes of `among` that can
        come after it on a path (no path goes on from a source)."""
        out: dict[str, dict[str, Edge]] = {u: {} for u in among}
        for v in among:
            if v in sources:
                continue
            for u, edge in self.toward(v).items():
                if u in among:
                    out[u][v] = edge
        return out


def _search(
    sources: set[str],
    targets: set[str],
    links: dict[str, dict[str, Edge]],
    *,
    max_hops: int,
    limit: int,
    distinct_introducers: bool,
    max_pops: int,
    stats: SearchStats,
) -> list[FoundPath]:
    """top_paths on the nodes of `links` (_Reach.away: each node's edges away from the sources,
    among those nodes): an exact hop-bounded cost-to-target (h) by Bellman-Ford, then
    best-first over partial simple paths ordered by g + h, then hops, then the node sequence:
    paths of equal cost come off in the answer's own order, so which of them claims an
    introducer (distinct_introducers) is the answer's order too, not the order they were found
    in (which the region's reading order and the cost budget would change)."""
    h = _cheapest_to_targets(links, sources, targets, max_hops)

    heap: list[tuple[float, int, tuple[str, ...], float, tuple[Edge, ...]]] = []
    for s in sorted(sources & links.keys()):
        if s in h[max_hops]:
            heap.append((h[max_hops][s], 0, (s,), 0.0, ()))
    heapq.heapify(heap)
    found: list[FoundPath] = []
    claimed: dict[str, int] = {}  # an introducer -> its path's place in found
    while heap:
        f, _, nodes, g, edges = heap[0]
        if len(found) >= limit and f > found[limit - 1].cost + TIE:
            break
        heapq.heappop(heap)
        stats.pops += 1
        if stats.pops > max_pops:
            raise SearchTooLarge(f"more than {max_pops} partial paths")
        last = nodes[-1]
        introducer = nodes[1] if len(nodes) > 1 and nodes[1] not in targets else None
        at = claimed.get(introducer) if distinct_introducers and introducer is not None else None
        if at is not None:
            # the introducer has its path: another only within rounding of its cost, and
            # then the one first in the answer's order (fewer hops, then the node sequence)
            held = found[at]
            if f > held.cost + TIE:
                continue
            if last in targets:
                if (len(edges), nodes) < (held.hops, held.nodes):
                    found[at] = FoundPath(nodes, edges, g)
                continue
        elif last in targets:
            if distinct_introducers and introducer is not None:
                claimed[introducer] = len(found)
            found.append(FoundPath(nodes, edges, g))
            continue
        left = max_hops - len(edges) - 1  # hops still allowed after the next step
        if left < 0:
            continue
        reach = h[left]
        for v, edge in links[last].items():
            if v in sources or v in nodes or v not in reach:
                continue
            cost = g + edge.cost
            heapq.heappush(heap, (cost + reach[v], len(nodes), (*nodes, v), cost, (*edges, edge)))
    found.sort(key=lambda p: (-p.score, p.hops, p.nodes))
    return found[:limit]


def best_walks(region: Region, start: str, max_hops: int) -> dict[str, list[Edge]]:
    """For every node reachable from `start` within max_hops hops: the path of greatest product
    of strengths, as its edges in order ([] for `start` itself).

    A hop-bounded dynamic programme (layer k = the best walks of exactly k edges). Strengths are
    at most 1, so cutting a cycle out of a walk never lowers its product: the best walk first
    reached at the lowest layer is a simple path."""
    best: dict[str, tuple[float, int]] = {start: (1.0, 0)}
    layers: list[dict[str, tuple[float, str | None, Edge | None]]] = [{start: (1.0, None, None)}]
    for k in range(1, max_hops + 1):
        layer: dict[str, tuple[float, str | None, Edge | None]] = {}
        for u, (score, _, _) in layers[-1].items():
            for v, edge in region.links(u).items():
                cand = score * edge.strength
                if cand > layer.get(v, (-1.0, None, None))[0]:
                    layer[v] = (cand, u, edge)
        layers.append(layer)
        for v, (score, _, _) in layer.items():
            if score > best.get(v, (-1.0, 0))[0]:
                best[v] = (score, k)
    paths: dict[str, list[Edge]] = {}
    for v, (_, k) in best.items():
        steps: list[Edge] = []
        node = v
        for level in range(k, 0, -1):
            _, parent, via = layers[level][node]
            assert parent is not None and via is not None
            steps.append(via)
            node = parent
        paths[v] = steps[::-1]
    return paths
