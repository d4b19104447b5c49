"""The person-to-person projection and the graph algorithms run on it (igraph, C core).

No I/O here: the repository reads the rows, this module turns them into igraph graphs and
scores. Conventions (docs/analytics.md):

- PageRank: directed. KNOWS and REPORTS_TO count both ways; `a INFLUENCES b` becomes the link
  b -> a (the influenced endorses the influencer), so people who influence many rank high.
  Link weight = current strength. Damping 0.85.
- Betweenness: undirected, shortest paths by distance = -ln(strength) (a path's distance is
  minus the log of the product of its strengths, so the shortest path is the strongest one);
  of several edges between two people the strongest counts; normalised like networkx
  (2 / ((n-1)(n-2))). Exact up to EXACT_BETWEENNESS people; above, estimated from shortest
  paths out of BETWEENNESS_SAMPLES seeded random sources, scaled by n / samples (Brandes and
  Pich's source sampling: an unbiased estimate, good at telling the top from the rest).
- Degree: weighted degree, the sum of the current strengths of a person's edges.
- Communities: undirected, several edges between two people add up; Louvain keeps the best of
  a few seeded runs of igraph's multilevel algorithm (deterministic); Leiden optimises
  modularity (10 iterations); label propagation is seeded too.
"""

import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import igraph as ig
import numpy as np

DAMPING = 0.85
EXACT_BETWEENNESS = 5_000
BETWEENNESS_SAMPLES = 500
LOUVAIN_RUNS = 5
LEIDEN_ITERATIONS = 10  # -1 (until stable) took 4 minutes on 1M edges; 10 is within 0.01
SEED = 20261122
# One igraph computation at a time: its random generator is process-wide, and its C core is not
# promised to be thread-safe (computations run in worker threads).
_IGRAPH = threading.RLock()


class Metric(StrEnum):
    PAGERANK = "pagerank"
    BETWEENNESS = "betweenness"
    DEGREE = "degree"


class Algorithm(StrEnum):
    LOUVAIN = "louvain"
    LEIDEN = "leiden"
    LABEL_PROPAGATION = "label_propagation"


@dataclass
class Projection:
    """Every person (vertex i is ids[i]) and every person-to-person edge with its strength now."""

    ids: list[str]
    tags: list[list[str]]
    companies: list[list[str]]
    company_info: dict[str, tuple[str, str | None]]  # id -> (name, industry)
    src: np.ndarray  # int32 vertex index, stored start node
    dst: np.ndarray
    strength: np.ndarray  # float64, current strength
    influence: np.ndarray  # bool: an INFLUENCES edge (direction matters for PageRank)
    built_at: datetime
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {pid: i for i, pid in enumerate(self.ids)}

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return int(self.src.shape[0])

    def undirected(self, combine: str) -> tuple[ig.Graph, list[float]]:
        """A simple undirected graph; parallel edges combined by 'sum' or 'max' of strength."""
        g = ig.Graph(n=self.n, edges=np.column_stack([self.src, self.dst]).tolist())
        g.es["s"] = self.strength.tolist()
        g.simplify(multiple=True, loops=True, combine_edges={"s": combine})
        return g, list(g.es["s"])


def pagerank(p: Projection) -> np.ndarray:
    if p.n == 0:
        return np.zeros(0)
    two_way = ~p.influence
    # KNOWS / REPORTS_TO: both ways; INFLUENCES a->b: the link b -> a.
    src = np.concatenate([p.src[two_way], p.dst[two_way], p.dst[p.influence]])
    dst = np.concatenate([p.dst[two_way], p.src[two_way], p.src[p.influence]])
    weights = np.concatenate([p.strength[two_way], p.strength[two_way], p.strength[p.influence]])
    keep = weights > 0
    g = ig.Graph(n=p.n, edges=np.column_stack([src[keep], dst[keep]]).tolist(), directed=True)
    return np.asarray(g.pagerank(weights=weights[keep].tolist(), damping=DAMPING, directed=True))


def betweenness(p: Projection) -> np.ndarray:
    if p.n < 3:
        return np.zeros(p.n)
    g, strengths = p.undirected("max")
    drop = [i for i, s in enumerate(strengths) if s <= 0]
    if drop:
        g.delete_edges(drop)
        strengths = [s for s in strengths if s > 0]
    distance = [max(-math.log(s), 1e-12) for s in strengths]
    scale = 2.0 / ((p.n - 1) * (p.n - 2))
    if p.n <= EXACT_BETWEENNESS:
        raw = np.asarray(g.betweenness(directed=False, weights=distance))
        return raw * scale
    sources = np.random.default_rng(SEED).choice(p.n, size=BETWEENNESS_SAMPLES, replace=False)
    raw = np.asarray(
        g.betweenness(directed=False, weights=distance, sources=sources.tolist(), targets=None)
    )
    return raw * scale * (p.n / BETWEENNESS_SAMPLES)


def degree(p: Projection) -> np.ndarray:
    out = np.bincount(p.src, weights=p.strength, minlength=p.n)
    out += np.bincount(p.dst, weights=p.strength, minlength=p.n)
    return np.asarray(out, dtype=float)


def _serialised(fn: Callable[[Projection], np.ndarray]) -> Callable[[Projection], np.ndarray]:
    def run(p: Projection) -> np.ndarray:
        with _IGRAPH:
            return fn(p)

    return run


METRICS: dict[Metric, Callable[[Projection], np.ndarray]] = {
    Metric.PAGERANK: _serialised(pagerank),
    Metric.BETWEENNESS: _serialised(betweenness),
    Metric.DEGREE: degree,
}


@dataclass
class Partition:
    membership: list[int]  # vertex -> community number
    modularity: float


def communities(p: Projection, algorithm: Algorithm) -> Partition:
    if p.n == 0:
        return Partition([], 0.0)
    g, weights = p.undirected("sum")
    with _IGRAPH:
        rng = random.Random(SEED)
        ig.set_random_number_generator(rng)
        try:
            if algorithm is Algorithm.LOUVAIN:
                runs = [g.community_multilevel(weights=weights) for _ in range(LOUVAIN_RUNS)]
                best = max(runs, key=lambda c: c.modularity)
            elif algorithm is Algorithm.LEIDEN:
                best = g.community_leiden(
                    objective_function="modularity",
                    weights=weights,
                    n_iterations=LEIDEN_ITERATIONS,
                )
            else:
                best = g.community_label_propagation(weights=weights)
        finally:
            ig.set_random_number_generator(random)
    membership = list(best.membership)
    q = g.modularity(membership, weights=weights) if g.ecount() else 0.0
    return Partition(membership, float(q))
