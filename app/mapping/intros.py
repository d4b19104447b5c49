"""Warm introductions: the exact top-k paths from the team (or given people) to a person, or to
the current people of a company, by product of strengths (docs/mapping.md).

The region is fetched by the bidirectional expansion of app/graph/frontier.py; from the team,
the team's ball (app/graph/ball.py) stands for the sources' side and only the targets' side is
read, its last step bounded by budgets into the ball's rim (_into_rim). app/graph/search.py
ranks the paths.
"""

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from app.common.cpu import off_loop
from app.common.kinds import PERSON_TO_PERSON, Label, RelType, Role
from app.common.tasks import together
from app.db.convert import now
from app.errors import NotFound, Unavailable, Unprocessable
from app.graph.ball import Expand, Strength, TeamBall, TeamBallCache
from app.graph.edge import Edge
from app.graph.frontier import Side, expand
from app.graph.search import (
    TAU_START,
    FoundPath,
    Region,
    SearchStats,
    SearchTooLarge,
    best_to_each,
    costs_from,
    top_paths,
)
from app.mapping import limits
from app.mapping.context import MappingContext, graph_edge, graph_node, path_node
from app.mapping.repository import Row, edge_row
from app.mapping.schemas import (
    IntroAnswer,
    IntroEdge,
    IntroOptions,
    IntroPath,
    IntroRequest,
    WeakestLink,
)
from app.people.cards import PersonCard, person_cards


def _absorb(
    region: Region,
    rows: list[Row],
    current: set[str],
    dist: dict[str, int],
    hop: int,
    blocked: set[str],
) -> list[str]:
    """One expansion step's rows into the region; returns the next frontier (nodes first
    reached now, at `hop`, recorded in dist). Rows are evaluated when a search touches them;
    the frontier may hold a few nodes reached by an edge now weaker than min_strength (more
    read, nothing missed)."""
    nxt: list[str] = []
    for row in rows:
        region.add_row(row)
        a, b = row["source_id"], row["target_id"]
        for u, v in ((a, b), (b, a)):
            if u in current and v not in dist and v not in blocked:
                dist[v] = hop
                nxt.append(v)
    return nxt


@dataclass
class EachSettled:
    """What a search for each target's own best path (region(..., ranking="each")) knows before
    its bounded last step: each target's best path among the edges read until then (`best`,
    None when the step was not bounded), and the edges that step read, as each end's other
    ends (`read`)."""

    best: dict[str, FoundPath] | None = None
    read: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class TopBound:
    """What a top-k search's bounded last step (region(..., ranking=(limit, ...))) knows: the
    cost of the limit-th best path of fewer hops among the edges read before it, or None when
    the step was not bounded. Those paths are still in the region, so the full search's
    limit-th best costs no more, and its first cost budget can start there (top_paths'
    tau_start)."""

    cost: float | None = None


def _budgets_each(
    region: Region,
    ball: TeamBall,
    sources: set[str],
    targets: set[str],
    side: Side,
    max_hops: int,
) -> tuple[dict[str, float], dict[str, FoundPath]] | None:
    """_into_rim's budgets for a search of each target's own best path (the account map), when
    the last step reads the edges of the targets' direct contacts x (side.radius 1). A new edge
    (y, x) there lies on a path team - a - y - x - t (max_hops = radius + 2), and is needed for
    t only when the path can cost at most C_t, the cost of t's best path within max_hops among
    the edges read so far (the answer's best is no worse; none: every edge of x into the rim
    is read). Those hold every path of up to max_hops - 1 hops and the longer ones through
    colleagues, which tighten C_t for many. So x's budget for the part before x is
    C_t - cost(x, t), the largest over x's targets. Contacts with no usable edge to a target
    are not read. Returns the budgets and those best paths (rank_each starts from them), or
    None: no budgets (read everything)."""
    if side.radius != 1 or max_hops != ball.radius + 2:
        return None
    best = best_to_each(
        region,
        sources,
        targets,
        max_hops,
        source_hops=ball.source_hops,
        source_cost=ball.source_cost,
    )
    budgets: dict[str, float] = {}
    for x in side.front:
        budget = -math.inf
        for t, edge in region.links(x, targets).items():
            path = best.get(t)
            budget = max(budget, math.inf if path is None else path.cost + 1e-9 - edge.cost)
        if budget > -math.inf:
            budgets[x] = budget
    return budgets, best


def rank_each(
    region: Region,
    ball: TeamBall | None,
    sources: set[str],
    targets: set[str],
    max_hops: int,
    settled: EachSettled | None = None,
) -> dict[str, FoundPath]:
    """Each target's best path on the whole region (best_to_each). When the region's last step
    was bounded by _budgets_each (`settled`), only the targets that step can change are ranked
    again. An edge it adds joins two people on the ball's rim or beyond (every edge of someone
    nearer the team is in the ball already), so a path of at most max_hops = radius + 2 hops
    crosses it from a rim node u, after radius hops, to a neighbour v of its target t, and costs
    at least rim[u] + cost(u, v) + cost(v, t). A target none of whose such bounds reaches the
    cost of its best path before the step (within 1e-9: a tie may still win on hops or ids)
    keeps that path: every path that could beat it now, it had then."""
    source_hops = ball.source_hops if ball else None
    source_cost = ball.source_cost if ball else None
    if ball is None or settled is None or settled.best is None:
        return best_to_each(
            region, sources, targets, max_hops, source_hops=source_hops, source_cost=source_cost
        )
    rim, read, best = ball.rim, settled.read, settled.best
    again: set[str] = set()
    for t in targets:
        ceiling = best[t].cost + 1e-9 if t in best else math.inf
        for v, last in region.links(t).items():
            ends = read.get(v)
            if ends is None:
                continue
            near = region.links(v)
            if any(
                u in rim and u in near and rim[u] + near[u].cost + last.cost <= ceiling
                for u in ends
            ):
                again.add(t)
                break
    found = {t: path for t, path in best.items() if t not in again}
    if again:
        found.update(
            best_to_each(
                region, sources, again, max_hops, source_hops=source_hops, source_cost=source_cost
            )
        )
    return found


def walk_types(types: list[RelType]) -> list[RelType]:
    """The types an intro walks: person-to-person ones only, else a 422."""
    walked = [t for t in types if t in PERSON_TO_PERSON]
    if len(walked) != len(types):
        raise Unprocessable(
            "intros walk person-to-person types only: KNOWS, REPORTS_TO, INFLUENCES",
            errors=[{"loc": ["body", "types"], "msg": "not a person-to-person type"}],
        )
    return walked


def check_roles(target: Row, roles: list[Role] | None) -> None:
    """roles pick endpoints among a company's people; a person target has no one to pick."""
    if roles is not None and target["label"] == Label.PERSON:
        raise Unprocessable(
            f"roles apply to a company target only; {target['id']} is a person",
            errors=[{"loc": ["body", "roles"], "msg": "the target is a person"}],
        )


class IntroSearch:
    def __init__(self, ctx: MappingContext, balls: TeamBallCache | None = None) -> None:
        self.ctx = ctx
        self.balls = balls
        self.version: int | None = None  # the graph version the team was read at
        self.team: frozenset[str] | None = None  # the is_team people, once read

    async def intros(self, body: IntroRequest) -> IntroAnswer:
        async def target() -> Row:
            node = await self.ctx.node(body.target_id, Label.PERSON, Label.COMPANY)
            check_roles(node, body.roles)
            return node

        # the target and the sources read at once; a bad target is still reported first
        node, sources = await together(target(), self.sources(body.from_ids))
        types = walk_types(body.types)
        return await self.answer(node, sources, types, body)

    async def endpoints(self, target: Row, roles: list[Role] | None) -> dict[str, list[Any] | None]:
        """Where paths to a target may end: the person, or the company's current people (with
        one of `roles`, when given), each with the WORKS_AT edge that closes the path (as its
        values: made an Edge only where a path ends)."""
        if target["label"] == Label.PERSON:
            return {target["id"]: None}
        ends = await self.ctx.repo.company_ends(target["id"], limits.MAX_EMPLOYEES + 1)
        if len(ends) > limits.MAX_EMPLOYEES:
            raise Unavailable(f"the company has more than {limits.MAX_EMPLOYEES} current people")
        wanted = None if roles is None else {r.value for r in roles}
        return {pid: edge for pid, (role, edge) in ends.items() if wanted is None or role in wanted}

    async def answer(
        self, target: Row, sources: set[str], types: list[RelType], options: IntroOptions
    ) -> IntroAnswer:
        """The answer for one target whose node is read, from checked sources and types."""
        ends = await self.endpoints(target, options.roles)
        found, fetched = await self.best_paths(
            sources,
            set(ends),
            max_hops=options.max_hops,
            limit=options.limit,
            min_strength=options.min_strength,
            types=types,
            distinct_introducers=options.distinct_introducers,
        )
        works_at = {}
        for p in found:
            closing = ends[p.nodes[-1]]
            if closing is not None:
                works_at[p.nodes[-1]] = await self.ctx.edge(edge_row(closing))
        paths = await self.answer_paths(found, works_at)
        return IntroAnswer(target=graph_node(target), paths=paths, fetched_edges=fetched)

    async def warm_ball(self, sources: set[str]) -> None:
        """Many searches to come from these sources (a batch): when the team's ball is missing
        and they are the team's, wait for its build rather than read the team's side each
        time. A build that cannot be kept (too big) leaves the searches reading the graph."""
        team = self.team or frozenset()
        if self.balls is not None and self.version is not None and sources <= team:
            await self.balls.ensure(self.version, team, *self._builders())

    async def team_ids(self) -> set[str]:
        self.version, team = await self.ctx.repo.team_ids(limits.MAX_SOURCES)
        self.team = frozenset(team)
        return set(team)

    def _ball(self, sources: set[str]) -> TeamBall | None:
        """The team's ball when a search starts from the team (or from some of its members, as
        when the target is one) and the cache holds it for this graph version; otherwise None,
        and a build starts in the background. Hop and cost bounds from the whole team are
        bounds from any part of it."""
        if (
            self.balls is None
            or self.team is None
            or self.version is None
            or not sources <= self.team
        ):
            return None
        ball = self.balls.get(self.version, self.team)
        if ball is None or self.balls.aging(ball):
            self.balls.refresh(self.version, self.team, *self._builders())
        return ball

    def _builders(self) -> tuple[Expand, Strength]:
        """How the ball is read: every person-to-person edge, strengths as at the build (an
        upper bound from then on)."""
        types = [t.value for t in PERSON_TO_PERSON]

        async def expand(ids: list[str], limit: int) -> list[Row]:
            return await self.ctx.repo.person_edges(ids, types, 0.0, limit)

        def strength(row: Row) -> float:
            return self.ctx.clock.at_epoch(row, time.time())

        return expand, strength

    async def sources(self, from_ids: list[str] | None) -> set[str]:
        if from_ids is None:
            return await self.team_ids()
        wanted = list(dict.fromkeys(from_ids))
        known = await self.ctx.repo.nodes(wanted)
        missing = [i for i in wanted if known.get(i, {}).get("label") != Label.PERSON]
        if missing:
            raise NotFound(f"no person with id {', '.join(missing[:5])}")
        return set(wanted)

    async def best_paths(
        self,
        sources: set[str],
        targets: set[str],
        *,
        max_hops: int,
        limit: int,
        min_strength: float,
        types: list[RelType],
        distinct_introducers: bool = False,
        stats: SearchStats | None = None,
    ) -> tuple[list[FoundPath], int]:
        """The exact top paths and the number of edges read to find them."""
        sources = sources - targets
        if not sources or not targets:
            return [], 0
        bound = TopBound()
        region, fetched, ball = await self.region(
            sources,
            targets,
            max_hops,
            [t.value for t in types],
            min_strength,
            ranking=(limit, distinct_introducers),
            bound=bound,
        )
        try:
            # pure CPU between awaits (up to limits.MAX_POPS queue pops): in a thread, so the event
            # loop keeps answering other requests, a few at a time (app/common/cpu.py)
            found = await off_loop(
                self.ctx.ranking_threads,
                top_paths,
                region,
                sources,
                targets,
                max_hops,
                limit,
                distinct_introducers=distinct_introducers,
                max_pops=limits.MAX_POPS,
                stats=stats,
                source_hops=ball.source_hops if ball else None,
                source_cost=ball.source_cost if ball else None,
                # the known bound (the limit-th best cost is no more) makes the first round the
                # last; without one, the usual first budget
                tau_start=TAU_START if bound.cost is None else bound.cost + 2e-9,
            )
        except SearchTooLarge:
            raise Unavailable(
                "too many candidate paths to rank exactly; lower max_hops or raise min_strength"
            ) from None
        return found, fetched

    async def region(
        self,
        sources: set[str],
        targets: set[str],
        max_hops: int,
        types: list[str],
        min_strength: float,
        *,
        through_targets: bool = False,
        ranking: tuple[int, bool] | Literal["each"] | None = None,
        settled: EachSettled | None = None,
        bound: TopBound | None = None,
    ) -> tuple[Region, int, TeamBall | None]:
        """Bidirectional, level by level, always the smaller frontier: once the two radii add
        up to max_hops, every valid path of at most max_hops hops lies in the fetched edges.
        From the team with its ball cached, the sources' side starts at the ball's radius and
        only the targets' side is read. Returns the region, the edges read, and the ball used.
        through_targets: a path to one target may pass other targets (the account map asks
        for each person's best intro, where colleagues are fair intermediaries).
        ranking = (limit, distinct_introducers) of the search to come: with a ball, the last
        step then reads only edges that can be on a path better than the best ones already in
        the region (_budgets, _into_rim); "each" for a search of each target's own best path
        (the account map, _budgets_each), which records in `settled` what rank_each may keep;
        with a tuple, `bound` records the cost the last step's budgets came from."""
        blocked = sources if through_targets else sources | targets
        moment = now().timestamp()
        ball = self._ball(sources)
        wanted = set(types)

        at_epoch = self.ctx.clock.at_epoch

        def make(row: Row) -> Edge | None:  # once per edge a ranking touches: kept lean
            if row["type"] not in wanted:
                return None
            strength = at_epoch(row, moment)
            return Edge.of(row, strength) if strength > 0.0 and strength >= min_strength else None

        region = Region(ball, make)
        sides = [
            Side(dict.fromkeys(sources, 0), sorted(sources)),
            Side(dict.fromkeys(targets, 0), sorted(targets)),
        ]
        if ball is not None:
            sides[0].dist, sides[0].radius = ball.hops, ball.radius

        def choose(sides: list[Side]) -> int:
            return 1 if ball is not None or len(sides[1].front) < len(sides[0].front) else 0

        async def fetch(i: int, side: Side, last: bool) -> list[Row]:
            budgets = None
            before: dict[str, FoundPath] | None = None
            if ball is not None and i == 1 and last and ranking == "each":
                each = await off_loop(
                    self.ctx.ranking_threads,
                    _budgets_each,
                    region,
                    ball,
                    sources,
                    targets,
                    side,
                    max_hops,
                )
                if each is not None:
                    budgets, before = each
            elif ball is not None and i == 1 and isinstance(ranking, tuple):
                # the last step: bounded by the paths of fewer hops (all read by now); a step
                # before it: by those of any length the edges read so far hold
                found = await off_loop(
                    self.ctx.ranking_threads,
                    self._budgets,
                    region,
                    ball,
                    sources,
                    targets,
                    side.front,
                    side.dist,
                    max_hops - 1 if last else max_hops,
                    ranking,
                )
                if found is not None:
                    budgets, kth = found
                    if last and bound is not None:
                        bound.cost = kth
            if ball is not None and budgets is not None and last:
                rows = await self._into_rim(ball, budgets, types, min_strength, make)
                if settled is not None and before is not None:
                    settled.best = before
                    for row in rows:
                        a, b = row["source_id"], row["target_id"]
                        settled.read.setdefault(a, set()).add(b)
                        settled.read.setdefault(b, set()).add(a)
                return rows
            if ball is not None and budgets is not None:
                # an edge (v, u) of a step before the last is on a path only after a first
                # step out of the team (the team's edges are all in the ball): u's floor
                floors = [
                    {"id": u, "floor": max(math.exp(ball.first - budget), min_strength)}
                    for u, budget in budgets.items()
                    if budget - ball.first >= 0.0
                ]
                return await self.ctx.repo.person_edges_floor(floors, types, limits.STEP_ROWS + 1)
            other = sides[1 - i].dist
            if last and len(other) <= limits.MAX_AMONG:
                # the last step: a new node must already lie in the other side's ball
                return await self.ctx.repo.person_edges_into(
                    side.front, list(other), types, min_strength, limits.STEP_ROWS + 1
                )
            return await self.ctx.repo.person_edges(
                side.front, types, min_strength, limits.STEP_ROWS + 1
            )

        async def absorb(i: int, rows: list[Row]) -> list[str]:
            side = sides[i]
            return await off_loop(
                self.ctx.ranking_threads,
                _absorb,
                region,
                rows,
                set(side.front),
                side.dist,
                side.radius + 1,
                blocked,
            )

        try:
            read = await expand(
                sides,
                max_hops,
                fetch=fetch,
                absorb=absorb,
                choose=choose,
                step_rows=limits.STEP_ROWS,
                search_rows=limits.SEARCH_ROWS,
            )
        except SearchTooLarge:
            raise Unavailable(
                "the people around this search are too well connected to rank every path; "
                "lower max_hops or raise min_strength"
            ) from None
        return region, read, ball

    def _budgets(
        self,
        region: Region,
        ball: TeamBall,
        sources: set[str],
        targets: set[str],
        front: list[str],
        near: dict[str, int],
        hops: int,
        ranking: tuple[int, bool],
    ) -> tuple[dict[str, float], float] | None:
        """Per frontier person x of a top-k search's step, the most the part of a path before x
        may cost, and C below; or None when the edges read so far hold fewer than `limit` paths
        of up to `hops` hops. Else let C be the cost of the limit-th best of those: the answer's
        limit-th best is no worse, and every path that beats it is read by the steps to come
        if each reads only the edges that can be on a path of cost <= C. Such a path costs at
        least cost(targets -> x) after x, so x's budget is C - cost(targets -> x); persons
        whose budget is negative are not read at all. The last step (hops = max_hops - 1: the
        region holds every such path) spends the budgets in _into_rim; a step before it (hops
        = max_hops: a company's people in the ball have paths there already) on the edges
        strong enough to fit them after a first step out of the team."""
        limit, distinct = ranking
        try:
            found = top_paths(
                region,
                sources,
                targets,
                hops,
                limit,
                distinct_introducers=distinct,
                max_pops=limits.MAX_POPS,
                source_hops=ball.source_hops,
                source_cost=ball.source_cost,
            )
        except SearchTooLarge:
            return None  # no bound: the step reads every edge, the full search decides
        if len(found) < limit:
            return None
        budget = found[limit - 1].cost + 1e-9
        cost = costs_from(region, targets, near)
        kept = {x: budget - cost[x] for x in front if x in cost and budget - cost[x] >= 0.0}
        return kept, found[limit - 1].cost

    async def _into_rim(
        self,
        ball: TeamBall,
        budgets: dict[str, float],
        types: list[str],
        min_strength: float,
        make: Callable[[Row], Edge | None],
    ) -> list[Row]:
        """The last step from the team's ball, each frontier person x with a budget for the
        part of a path before x (_budgets, _budgets_each). The ball holds every edge of the
        nodes nearer the team than its rim, and a node beyond the rim is too far from the team
        for a path that fits, so a new edge (y, x) is on one only when y is on the rim; the part
        before x then costs at least rim[y] + cost(y, x) (strengths only decay until the next
        write, and the ball is of this graph version). An edge is kept when that fits x's
        budget. The statement drops what even the cheapest rim node cannot make fit; a wide
        step reads the far ends first and only the edges kept whole (two round trips, far
        fewer rows). `make` evaluates a whole row as the search will (None: not usable)."""
        rim, low = ball.rim, ball.rim_low
        ids = [x for x, budget in sorted(budgets.items()) if budget - low >= 0.0]
        fronts = [{"id": x, "floor": max(math.exp(low - budgets[x]), min_strength)} for x in ids]

        def fits(x: str, y: str, strength: float) -> bool:
            left = budgets[x] - rim[y] if x in budgets and y in rim else -1.0
            return left >= 0.0 and strength >= max(math.exp(-left), min_strength)

        if len(fronts) < limits.WIDE_STEP:
            rows = await self.ctx.repo.person_edges_floor(fronts, types, limits.STEP_ROWS + 1)
            if len(rows) > limits.STEP_ROWS:
                raise SearchTooLarge(f"{len(rows)} rows in a step")
            kept = []
            for row in rows:
                edge = make(row)
                a, b = row["source_id"], row["target_id"]
                if edge is not None and (fits(a, b, edge.strength) or fits(b, a, edge.strength)):
                    kept.append(row)
            return kept
        ends = await self.ctx.repo.person_edge_ends(fronts, types, limits.STEP_ROWS + 1)
        if len(ends) > limits.STEP_ROWS:
            raise SearchTooLarge(f"{len(ends)} rows in a step")
        pairs = sorted({(ids[i], y) for i, y, strength in ends if fits(ids[i], y, strength)})
        if not pairs:
            return []
        return await self.ctx.repo.person_pair_edges(pairs, types, min_strength)

    async def path_reads(
        self, ids: set[str], more_cards: Iterable[str] = ()
    ) -> tuple[dict[str, PersonCard], dict[str, Row]]:
        """The cards (of these and `more_cards`) and the nodes of these people, read at once."""
        if not ids:
            return await person_cards(self.ctx.repo.db, more_cards), {}
        return await together(
            person_cards(self.ctx.repo.db, [*more_cards, *sorted(ids)]),
            self.ctx.repo.nodes(sorted(ids)),
        )

    async def answer_paths(
        self,
        found: list[FoundPath],
        works_at: dict[str, Edge],
        read: tuple[dict[str, PersonCard], dict[str, Row]] | None = None,
    ) -> list[IntroPath]:
        """The paths as answered: nodes with the cards of their people, the weakest link with
        names. `read`: the cards and nodes of everybody on the paths, when the caller read
        them with its own; else they are read here (at once)."""
        ids = {n for p in found for n in p.nodes}
        ids.update(works_at[p.nodes[-1]].target for p in found if p.nodes[-1] in works_at)
        if not ids:
            return []
        cards, info = read or await self.path_reads(ids)
        out: list[IntroPath] = []
        for p in found:
            nodes = [path_node(info[n], cards) for n in p.nodes]
            edges: list[Any] = [graph_edge(e, IntroEdge) for e in p.edges]
            final = works_at.get(p.nodes[-1])
            if final is not None:
                nodes.append(path_node(info[final.target], cards))
                edges.append(graph_edge(final, IntroEdge))
            # of equal ones, the first from the team's side (min keeps the first), not the
            # smaller id: the same path names the same link in any copy of the graph
            weakest = min(p.edges, key=lambda e: e.strength)
            ends = (cards.get(weakest.source), cards.get(weakest.target))
            out.append(
                IntroPath(
                    score=p.score,
                    hops=p.hops,
                    nodes=nodes,
                    edges=edges,
                    introducer=nodes[1] if p.hops >= 2 else None,
                    weakest_link=WeakestLink(
                        edge_id=weakest.id,
                        strength=round(weakest.strength, 12),
                        source=weakest.source,
                        target=weakest.target,
                        source_name=ends[0].name if ends[0] else None,
                        target_name=ends[1].name if ends[1] else None,
                        source_person=ends[0],
                        target_person=ends[1],
                    ),
                )
            )
        return out
