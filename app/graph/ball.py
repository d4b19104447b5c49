"""The team's ball: every edge within two hops of the team, kept between intro searches.

Every warm-intro search and account map starts from the same people (the is_team members), and
on a network where the team are hubs most of what a search reads is the same every time: the
team's edges and their contacts' edges. With those held here, a search from the team reads only
the target's side: for max_hops h, the edges of the nodes within h - 3 hops of the target (a path
of h hops has its first two edges in the ball and the rest on the target's side).
docs/mapping.md has the argument and bench/notes.md the numbers.

A ball is used only while it is exact:
- its graph version equals the request's: a counter in Neo4j that every write transaction
  moves on in the same transaction (app/db/database.py), read with the team in one statement,
  so a write through any API process is seen by the very next search in every one;
- its team is the request's team;
- it is younger than TTL_S. Its age is not a matter of exactness: strengths only decay
  between writes, so the cost bounds it took at its build stay lower bounds; they only grow
  looser (a search reads a little more), by a half-life measured in days. The TTL renews them
  now and then. Each build reads every row of the ball (2.5 s at the bench's M on a slow day)
  and holds the worker it runs in; renewing every 40 s, as before, kept a worker building 2.5 s
  of every 40 (bench/notes.md).

A stale or missing ball is rebuilt in the background (one build at a time, at most one start
per MIN_INTERVAL_S); until it is ready, searches read the graph themselves (the same answers,
slower). A ball older than RENEW_AFTER_S is rebuilt ahead of its expiry while it still serves.

Kept are the stored rows, not strengths: each search computes the strengths it touches at its
own moment, so decay is exact.
"""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("relmap.mapping")

Row = dict[str, Any]
RADIUS = 2
TTL_S = 900.0
RENEW_AFTER_S = 450.0  # a ball this old is rebuilt in the background while it still serves
MIN_INTERVAL_S = 2.0
MAX_ROWS = 300_000  # a bigger ball is not kept (searches read the graph themselves)
CHUNK = 2_000  # ids per expansion statement while building


@dataclass(slots=True)
class TeamBall:
    version: int
    team: frozenset[str]
    built_at: float
    raw: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)
    hops: dict[str, int] = field(default_factory=dict)
    radius: int = RADIUS
    rows: int = 0
    # the cheapest cost (-ln strength, strengths as at the build) from the team in one hop and
    # in at most two; strengths only decay until the next write, so these bound today's costs
    # from below
    one: dict[str, float] = field(default_factory=dict)
    two: dict[str, float] = field(default_factory=dict)
    first: float = math.inf  # the cheapest first step out of the team
    # the ball's rim: the nodes at hop `radius` (2), each with its cheapest cost from the team
    # (`two`; none when every way there had no strength at the build), and the least of those
    rim: dict[str, float] = field(default_factory=dict)
    rim_low: float = math.inf
    # each node's neighbours in the ball nearer the team than itself, those no farther, and
    # all of them (ids, once each): a walk bounded by the hops to the team skips the rest unread
    inward: dict[str, tuple[list[str], list[str], list[str]]] = field(default_factory=dict)
    # raw[node] is sorted by the neighbour's hops; its first cuts[node] = (n, m) rows lead to
    # nodes nearer the team than node (n) and no farther (m): `nearby` slices them
    cuts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def within(self, node: str, most: int) -> Iterable[str]:
        """The node's neighbours in the ball at most `most` hops from the team (search.Ball)."""
        level = self.hops.get(node)
        if level is None or most < level - 1:
            return ()  # a neighbour is at least level - 1 hops from the team
        nearer, no_farther, every = self.inward.get(node, ((), (), ()))
        if most > level:
            return every  # a neighbour is at most level + 1 hops from the team
        return nearer if most < level else no_farther

    def nearby(self, node: str, most: int) -> Sequence[tuple[str, Row]]:
        """The node's rows (neighbour, row) to neighbours at most `most` hops from the team
        (search.Ball): a slice of its rows, which are sorted by the neighbour's hops."""
        level = self.hops.get(node)
        if level is None:
            return ()
        pairs = self.raw.get(node, [])
        if most > level:
            return pairs
        if most < level - 1:
            return ()
        nearer, no_farther = self.cuts.get(node, (0, 0))
        return pairs[: nearer if most < level else no_farther]

    def source_cost(self, node: str, hops: int) -> float:
        """A lower bound of the cost of reaching `node` from the team in at most `hops` hops
        (app/graph/search.py: SourceBound). A path of three or more hops starts with a step
        out of the team, so it costs at least `first`."""
        if node in self.team:
            return 0.0
        if hops <= 0:
            return math.inf
        if hops == 1:
            return self.one.get(node, math.inf)
        best = self.two.get(node, math.inf)
        return best if hops == 2 else min(best, self.first)

    @property
    def source_hops(self) -> tuple[dict[str, int], int]:
        """Lower bounds of the hop distance from the team: exact inside the ball (every type,
        any strength, so no more than a search's), radius + 1 outside."""
        return self.hops, self.radius + 1


Expand = Callable[[list[str], int], Awaitable[list[Row]]]
Strength = Callable[[Row], float]


async def build_ball(
    version: int, team: frozenset[str], expand: Expand, strength: Strength
) -> TeamBall | None:
    """Read the ball: the team's edges, then their contacts' edges (every person-to-person type,
    any strength). None when it may have more than MAX_ROWS edges: when a read fills its row
    limit, which may have cut it short even if few of its rows are new (an edge between two
    people of a chunk comes once from each, an edge read before comes again), so counting new
    edges alone could keep a ball that misses some."""
    ball = TeamBall(version, team, time.monotonic())
    ball.hops = dict.fromkeys(team, 0)
    seen: set[str] = set()
    frontier = sorted(team)
    for level in range(1, RADIUS + 1):
        nxt: list[str] = []
        for start in range(0, len(frontier), CHUNK):
            limit = MAX_ROWS + 1 - ball.rows
            rows = await expand(frontier[start : start + CHUNK], limit)
            if len(rows) >= limit:
                log.info("the team's ball has more than %d edges; not kept", MAX_ROWS)
                return None
            for row in rows:
                if row["id"] in seen:
                    continue
                seen.add(row["id"])
                ball.rows += 1
                a, b = row["source_id"], row["target_id"]
                ball.raw.setdefault(a, []).append((b, row))
                ball.raw.setdefault(b, []).append((a, row))
                for node in (a, b):
                    if node not in ball.hops:
                        ball.hops[node] = level
                        nxt.append(node)
        frontier = nxt
    # pure CPU over every row (a few hundred ms for a large ball): off the event loop
    await asyncio.to_thread(_costs, ball, strength)
    await asyncio.to_thread(_inward, ball)
    return ball


def _inward(ball: TeamBall) -> None:
    hops = ball.hops
    for u, pairs in ball.raw.items():
        level = hops[u]
        pairs.sort(key=lambda pair: hops[pair[0]])
        ball.cuts[u] = (
            sum(1 for v, _ in pairs if hops[v] < level),
            sum(1 for v, _ in pairs if hops[v] <= level),
        )
        nearer: dict[str, None] = {}
        same: dict[str, None] = {}
        farther: dict[str, None] = {}
        for v, _ in pairs:
            h = hops[v]
            if h < level:
                nearer[v] = None
            elif h == level:
                same[v] = None
            else:
                farther[v] = None
        ball.inward[u] = (list(nearer), [*nearer, *same], [*nearer, *same, *farther])


def _costs(ball: TeamBall, strength: Strength) -> None:
    costs: list[tuple[str, str, float]] = []
    seen: set[str] = set()
    for a, pairs in ball.raw.items():
        for b, row in pairs:
            s = strength(row)
            if row["id"] not in seen and s > 0.0:
                seen.add(row["id"])
                costs.append((a, b, -math.log(s)))
    for a, b, c in costs:
        for u, v in ((a, b), (b, a)):
            if u in ball.team and v not in ball.team and c < ball.one.get(v, math.inf):
                ball.one[v] = c
    ball.two = dict(ball.one)
    for a, b, c in costs:
        for u, v in ((a, b), (b, a)):
            if u in ball.one and ball.one[u] + c < ball.two.get(v, math.inf):
                ball.two[v] = ball.one[u] + c
    ball.first = min(ball.one.values(), default=math.inf)
    ball.rim = {v: c for v, c in ball.two.items() if ball.hops.get(v) == ball.radius}
    ball.rim_low = min(ball.rim.values(), default=math.inf)


class TeamBallCache:
    def __init__(self, ttl_s: float = TTL_S, min_interval_s: float = MIN_INTERVAL_S) -> None:
        self.ttl_s = ttl_s
        self.min_interval_s = min_interval_s
        self._ball: TeamBall | None = None
        self._task: asyncio.Task[None] | None = None
        self._last_start = -float("inf")
        # (version, team, when) of a build that found the ball too big: not retried for them
        # within the TTL, so a huge team does not make every search re-read MAX_ROWS edges
        self._too_big: tuple[int, frozenset[str], float] | None = None

    def get(self, version: int, team: frozenset[str]) -> TeamBall | None:
        ball = self._ball
        if (
            ball is None
            or ball.version != version
            or ball.team != team
            or time.monotonic() - ball.built_at > self.ttl_s
        ):
            return None
        return ball

    def aging(self, ball: TeamBall) -> bool:
        """Old enough to rebuild ahead of its TTL, so a steady stream of searches never falls
        back to reading the graph when the ball expires."""
        return time.monotonic() - ball.built_at > min(RENEW_AFTER_S, self.ttl_s / 2)

    def refresh(
        self, version: int, team: frozenset[str], expand: Expand, strength: Strength
    ) -> None:
        """Start building the ball for (version, team) in the background, unless a build runs
        or one started less than min_interval_s ago. `version` must be the one read before
        any row is: a write landing during the build moves the version on, so the ball is
        never served under it."""
        if (self._task is not None and not self._task.done()) or not team:
            return
        if time.monotonic() - self._last_start < self.min_interval_s:
            return
        if self._known_too_big(version, team):
            return
        self._start(version, team, expand, strength)

    async def ensure(
        self, version: int, team: frozenset[str], expand: Expand, strength: Strength
    ) -> TeamBall | None:
        """The ball for (version, team), built now if need be (a batch of searches to come is
        worth the wait): a build running for another version or team is waited out first, and
        min_interval_s does not apply. None when the ball is too big to keep, or a write moved
        the version on meanwhile."""
        for _ in range(2):
            ball = self.get(version, team)
            if ball is not None or not team or self._known_too_big(version, team):
                return ball
            if self._task is None or self._task.done():
                self._start(version, team, expand, strength)
            await self.settled()
        return self.get(version, team)

    def _known_too_big(self, version: int, team: frozenset[str]) -> bool:
        if self._too_big is None:
            return False
        big_version, big_team, when = self._too_big
        return (big_version, big_team) == (version, team) and time.monotonic() - when < self.ttl_s

    def _start(
        self, version: int, team: frozenset[str], expand: Expand, strength: Strength
    ) -> None:
        self._last_start = time.monotonic()

        async def run() -> None:
            try:
                ball = await build_ball(version, team, expand, strength)
            except Exception:  # searches go on without a ball
                log.warning("building the team's ball failed", exc_info=True)
                return
            if ball is None:
                self._too_big = (version, team, time.monotonic())
            else:
                self._ball = ball

        self._task = asyncio.create_task(run(), name="team-ball")

    async def settled(self) -> None:
        """Wait for a running build (tests)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._ball = None
