"""Fair peers: relmap's questions asked of PostgreSQL and plain Python on exactly relmap's graph
and inputs, each with its best algorithm, and a check that their answers equal relmap's.

The graph is the person graph relmap answers on at the moment it is measured (exported before
the import step adds KNOWS rows), with each edge's strength evaluated now (app/graph/strength.py),
its id and its type. The questions, with relmap's answer shape:

- neighborhood (depth 2, limit 200, person-to-person types): the same nodes and the same edge
  ids; levels grow from the root, a level cut by the limit keeps the strongest ties (then the
  smaller id), and every edge among the kept nodes is in (app/mapping/neighborhood.py).
- shortest path (<= 4 hops): the fewest hops, then the highest product of strengths (a pair's
  strongest edge), compared as (hops, score).
- intros to a person (3 and 4 hops, top 5): simple paths from a team member, interior avoiding
  the team and the target, by product of strengths then hops; compared as the (score, hops)
  list (which of two equal-score paths comes first is left to chance in both).

Algorithms: meet in the middle. PostgreSQL joins the source side's 2-hop ball with the target
side's in one statement; Python does the same with the team side's 2-hop prefixes built once
and kept (as relmap keeps its team ball), and prunes with the k-th best cost.
"""

import heapq
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

Edge = tuple[int, int, float, str, str]  # source n, target n, strength now, edge id, type
TIE = 1e-9


def cost(strength: float) -> float:
    return -math.log(strength) if strength > 0 else math.inf


# --------------------------------------------------------------------------- Python


@dataclass
class PyPeer:
    """The person graph in dicts: every edge (for neighborhoods) and each pair's strongest one
    (for paths), with the team side of the intros cached after its first use."""

    ids: list[str]  # n -> relmap id (neighborhoods order ties by it)
    edges: Sequence[Edge]
    team: frozenset[int]
    multi: dict[int, list[tuple[int, float, str]]] = field(default_factory=dict)
    best: dict[int, dict[int, float]] = field(default_factory=dict)
    _prefixes: dict[int, list[tuple[float, int, int]]] | None = None  # b -> [(cost, m, a)]

    def __post_init__(self) -> None:
        for a, b, s, eid, _ in self.edges:
            if a == b:
                continue
            self.multi.setdefault(a, []).append((b, s, eid))
            self.multi.setdefault(b, []).append((a, s, eid))
            for u, v in ((a, b), (b, a)):
                row = self.best.setdefault(u, {})
                if s > row.get(v, -1.0):
                    row[v] = s

    def neighborhood(self, root: int, depth: int = 2, limit: int = 200) -> tuple[Any, ...]:
        depth_of = {root: 0}
        frontier = [root]
        for level in range(1, depth + 1):
            reach: dict[int, float] = {}
            for u in frontier:
                for v, s, _ in self.multi.get(u, ()):
                    if v not in depth_of and s > reach.get(v, -1.0):
                        reach[v] = s
            new = sorted(reach, key=lambda v: (-reach[v], self.ids[v]))[: limit - len(depth_of)]
            for v in new:
                depth_of[v] = level
            frontier = new
        edges = {eid for u in depth_of for v, _, eid in self.multi.get(u, ()) if v in depth_of}
        return tuple(sorted(self.ids[v] for v in depth_of)), tuple(sorted(edges))

    def shortest(self, s: int, t: int, max_hops: int = 4) -> tuple[int, float] | None:
        """Fewest hops, then the best product: breadth-first from both ends (each keeping the
        best product over shortest paths to every node it reaches), meeting in the middle."""
        if s == t:
            return 0, 1.0
        h1 = (max_hops + 1) // 2
        ds, fwd = self._layers(s, h1)
        dt, bwd = self._layers(t, max_hops - h1)
        sums = [ds[v] + dt[v] for v in ds if v in dt]
        if not sums:
            return None
        hops = min(sums)
        m = min(h1, hops)  # every shortest path crosses this layer once
        best = max(fwd[v] * bwd[v] for v in ds if ds[v] == m and dt.get(v) == hops - m)
        return hops, best

    def _layers(self, start: int, radius: int) -> tuple[dict[int, int], dict[int, float]]:
        """Hop distances and, per node, the best product over the shortest paths to it."""
        dist, score = {start: 0}, {start: 1.0}
        frontier = [start]
        for d in range(1, radius + 1):
            nxt: dict[int, float] = {}
            for u in frontier:
                for v, w in self.best.get(u, {}).items():
                    if dist.get(v, d) == d and score[u] * w > nxt.get(v, -1.0):
                        nxt[v] = score[u] * w
            for v, sc in nxt.items():
                dist[v], score[v] = d, sc
            frontier = list(nxt)
        return dist, score

    def prefixes(self) -> dict[int, list[tuple[float, int, int]]]:
        """The team side, once: for every b, each team->a->b prefix (a, b outside the team) as
        (cost, team member, a), cheapest first."""
        if self._prefixes is None:
            out: dict[int, list[tuple[float, int, int]]] = {}
            for m in self.team:
                for a, sa in self.best.get(m, {}).items():
                    if a in self.team:
                        continue
                    ca = cost(sa)
                    for b, sb in self.best.get(a, {}).items():
                        if b not in self.team and b != m:
                            out.setdefault(b, []).append((ca + cost(sb), m, a))
            for rows in out.values():
                rows.sort()
            self._prefixes = out
        return self._prefixes

    def intros(self, target: int, max_hops: int, k: int = 5) -> list[tuple[float, int]]:
        """Top k (score, hops): paths of 1-2 hops straight from the team, and of 3-4 hops as a
        cached team->a->b prefix joined with b->t or b->c->t, pruned by the k-th best cost."""
        found: list[tuple[float, int]] = []  # max-heap of (-cost, -hops) with k entries
        bound = math.inf

        def offer(c: float, hops: int) -> None:
            nonlocal bound
            item = (-c, -hops)
            if len(found) < k:
                heapq.heappush(found, item)
            elif item > found[0]:
                heapq.heapreplace(found, item)
            if len(found) == k:
                bound = -found[0][0]

        near = self.best.get(target, {})
        for m in self.team:
            if m in near and m != target:
                offer(cost(near[m]), 1)
        for a, sa in near.items():
            if a in self.team:
                continue
            for m, sm in self.best.get(a, {}).items():
                if m in self.team and m != target:
                    offer(cost(sm) + cost(sa), 2)
        if max_hops >= 3:
            prefixes = self.prefixes()
            tails: list[tuple[float, int, int, int]] = []  # (cost of the tail, hops, b, c)
            for b, sb in near.items():
                if b not in self.team:
                    tails.append((cost(sb), 3, b, -1))
            if max_hops >= 4:
                for c, sc in near.items():
                    if c in self.team:
                        continue
                    cc = cost(sc)
                    for b, sb in self.best.get(c, {}).items():
                        if b not in self.team and b != target:
                            tails.append((cc + cost(sb), 4, b, c))
            tails.sort()
            for tail, hops, b, c in tails:
                if tail > bound + TIE:
                    break
                for head, _, a in prefixes.get(b, ()):
                    if head + tail > bound + TIE:
                        break
                    if a in (target, c) or b == target:
                        continue
                    offer(head + tail, hops)
        return sorted(((math.exp(c), -h) for c, h in found), key=lambda x: (-x[0], x[1]))


# --------------------------------------------------------------------------- PostgreSQL

NEIGHBORHOOD_SQL = """
WITH l1 AS (
  SELECT a.dst AS v, max(a.strength) AS reach FROM adj a
  WHERE a.src = %(root)s AND a.dst <> %(root)s GROUP BY a.dst
), k1 AS (
  SELECT l1.v FROM l1 JOIN people p ON p.n = l1.v
  ORDER BY l1.reach DESC, p.id LIMIT %(room)s
), l2 AS (
  SELECT a.dst AS v, max(a.strength) AS reach FROM adj a JOIN k1 ON a.src = k1.v
  WHERE a.dst <> %(root)s AND a.dst NOT IN (SELECT v FROM k1)
  GROUP BY a.dst
), k2 AS (
  SELECT l2.v FROM l2 JOIN people p ON p.n = l2.v
  ORDER BY l2.reach DESC, p.id LIMIT greatest(%(room)s - (SELECT count(*) FROM k1), 0)
), kept AS (
  SELECT %(root)s::int AS v UNION ALL SELECT v FROM k1 UNION ALL SELECT v FROM k2
)
SELECT (SELECT array_agg(p.id ORDER BY p.id) FROM kept JOIN people p ON p.n = kept.v),
       (SELECT array_agg(DISTINCT a.edge_id) FROM adj a
        WHERE a.src IN (SELECT v FROM kept) AND a.dst IN (SELECT v FROM kept))
"""

# best(src, dst, w): each pair's strongest edge, both directions; w = -ln strength
SHORTEST_SQL = """
WITH sa AS (SELECT dst AS a, w FROM best WHERE src = %(s)s),
     ta AS (SELECT dst AS a, w FROM best WHERE src = %(t)s),
     sb AS (SELECT b.dst AS b, sa.w + b.w AS w FROM sa JOIN best b ON b.src = sa.a),
     tb AS (SELECT b.dst AS b, ta.w + b.w AS w FROM ta JOIN best b ON b.src = ta.a),
     found AS (
       SELECT 1 AS hops, w FROM sa WHERE a = %(t)s
       UNION ALL SELECT 2, sa.w + ta.w FROM sa JOIN ta ON sa.a = ta.a
       UNION ALL SELECT 3, sb.w + ta.w FROM sb JOIN ta ON sb.b = ta.a
       UNION ALL SELECT 4, sb.w + tb.w FROM sb JOIN tb ON sb.b = tb.b
     )
SELECT hops, exp(-min(w)) FROM found WHERE hops <= %(max_hops)s
GROUP BY hops ORDER BY hops LIMIT 1
"""

INTROS_SQL = """
WITH team AS (SELECT n FROM people WHERE is_team),
     p1 AS (SELECT b.src AS m, b.dst AS a, b.w FROM best b JOIN team ON b.src = team.n
            WHERE b.dst NOT IN (SELECT n FROM team) AND b.dst <> %(t)s),
     p2 AS (SELECT p1.m, p1.a, b.dst AS b, p1.w + b.w AS w FROM p1 JOIN best b ON b.src = p1.a
            WHERE b.dst NOT IN (SELECT n FROM team) AND b.dst <> %(t)s),
     q1 AS (SELECT dst AS c, w FROM best WHERE src = %(t)s),
     q2 AS (SELECT b.dst AS b, q1.c, q1.w + b.w AS w FROM q1 JOIN best b ON b.src = q1.c
            WHERE q1.c NOT IN (SELECT n FROM team) AND b.dst <> %(t)s),
     found AS (
       SELECT 1 AS hops, q1.w FROM q1 JOIN team ON q1.c = team.n
       UNION ALL SELECT 2, p1.w + q1.w FROM p1 JOIN q1 ON q1.c = p1.a
       UNION ALL SELECT 3, p2.w + q1.w FROM p2 JOIN q1 ON q1.c = p2.b
       UNION ALL SELECT 4, p2.w + q2.w FROM p2 JOIN q2 ON q2.b = p2.b
                 WHERE %(max_hops)s >= 4 AND q2.c <> p2.a AND q2.c NOT IN (SELECT n FROM team)
     )
SELECT exp(-w), hops FROM found WHERE hops <= %(max_hops)s ORDER BY w, hops LIMIT %(k)s
"""


def pg_load(dsn: str, ids: list[str], team: frozenset[int], edges: Sequence[Edge]) -> None:
    """people, adj (every edge both ways, with id) and best (each pair's strongest edge)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS adj, best, people")
        conn.execute("CREATE TABLE people (n int PRIMARY KEY, id text, is_team bool)")
        conn.execute("CREATE TABLE adj (src int, dst int, strength float8, edge_id text)")
        with conn.cursor() as cur, cur.copy("COPY people (n, id, is_team) FROM STDIN") as cp:
            for n, pid in enumerate(ids):
                cp.write_row((n, pid, n in team))
        buf = io.StringIO()
        for a, b, s, eid, _ in edges:
            if a != b:
                buf.write(f"{a}\t{b}\t{s!r}\t{eid}\n{b}\t{a}\t{s!r}\t{eid}\n")
        with conn.cursor() as cur, cur.copy("COPY adj FROM STDIN") as cp:
            cp.write(buf.getvalue())
        conn.execute("CREATE INDEX adj_src ON adj (src) INCLUDE (dst, strength, edge_id)")
        conn.execute(
            "CREATE TABLE best AS SELECT src, dst, -ln(greatest(max(strength), 1e-300)) AS w "
            "FROM adj GROUP BY src, dst"
        )
        conn.execute("CREATE INDEX best_src ON best (src) INCLUDE (dst, w)")
        conn.execute("VACUUM ANALYZE adj")
        conn.execute("VACUUM ANALYZE best")
        conn.execute("ANALYZE people")


class PgPeer:
    def __init__(self, dsn: str, timeout_s: float) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")

    def neighborhood(self, root: int, depth: int = 2, limit: int = 200) -> tuple[Any, ...]:
        assert depth == 2
        row = self.conn.execute(NEIGHBORHOOD_SQL, {"root": root, "room": limit - 1}).fetchone()
        assert row is not None
        return tuple(row[0] or ()), tuple(sorted(row[1] or ()))

    def shortest(self, s: int, t: int, max_hops: int = 4) -> tuple[int, float] | None:
        row = self.conn.execute(SHORTEST_SQL, {"s": s, "t": t, "max_hops": max_hops}).fetchone()
        return (int(row[0]), float(row[1])) if row else None

    def intros(self, target: int, max_hops: int, k: int = 5) -> list[tuple[float, int]]:
        rows = self.conn.execute(INTROS_SQL, {"t": target, "max_hops": max_hops, "k": k}).fetchall()
        return [(float(s), int(h)) for s, h in rows]

    def close(self) -> None:
        self.conn.close()


# --------------------------------------------------------------------------- relmap's answers


def relmap_answer(op: str, body: Any) -> Any:
    """relmap's HTTP answer in the peers' shape (None: a 404)."""
    if body is None:
        return None
    if op == "neighborhood_depth2":
        nodes = tuple(sorted(n["id"] for n in body["nodes"]))
        return nodes, tuple(sorted(e["id"] for e in body["edges"]))
    if op == "shortest_path":
        return body["hops"], body["score"]
    return [(p["score"], p["hops"]) for p in body["paths"]]


def same(op: str, ours: Any, theirs: Any, rel: float) -> bool:
    """Equal answers; scores within `rel` (strengths decay between relmap's read and the
    export the peers got: ~1e-6 a second)."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if op == "neighborhood_depth2":
        return bool(ours == theirs)
    if op == "shortest_path":
        return bool(ours[0] == theirs[0] and math.isclose(ours[1], theirs[1], rel_tol=rel))
    if len(ours) != len(theirs):
        return False
    return all(
        a[1] == b[1] and math.isclose(a[0], b[0], rel_tol=rel)
        for a, b in zip(ours, theirs, strict=True)
    )
