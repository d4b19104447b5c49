"""Relationship mapping: neighborhoods, shortest paths, warm intros and account maps.

The graph is never walked in Cypher beyond one hop: each step fetches the edges of a frontier
(bounded statements, row caps, the driver's transaction timeout), strengths are computed here
with the StrengthClock, and the exact searches of app/mapping/search.py run on what was fetched.
"""

import asyncio
import logging
import math
import time
from datetime import datetime
from itertools import pairwise
from typing import Any

from app.common.kinds import PERSON_TO_PERSON, Label, RelType, Role
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import NotFound, Unavailable, Unprocessable
from app.mapping.cache import TeamBall, TeamBallCache
from app.mapping.repository import MappingRepository, Row
from app.mapping.schemas import (
    AccountMap,
    Coverage,
    Employee,
    Graph,
    GraphEdge,
    GraphNode,
    IntroAnswer,
    IntroPath,
    IntroRequest,
    PathEdge,
    ShortestPath,
    WeakestLink,
)
from app.mapping.search import (
    Edge,
    FoundPath,
    Region,
    SearchStats,
    SearchTooLarge,
    costs_from,
    shortest_path,
    top_paths,
)
from app.relationships.repository import RelationshipRepository
from app.relationships.service import StrengthClock, strength_model

log = logging.getLogger("relmap.mapping")

# Caps: a dense hub answers 503 (searches) or `truncated` (neighborhoods), never a 500.
STEP_ROWS = 200_000  # edges one expansion step may read
SEARCH_ROWS = 400_000  # edges one path search may read in all
MAX_POPS = 500_000  # partial paths the exact top-k search may take off its queue
NEIGHBORHOOD_STEP_ROWS = 20_000
MAX_SOURCES = 5_000
MAX_AMONG = 20_000  # ids sent to filter a last step by; a bigger ball: read the step whole
MAX_EMPLOYEES = 2_000
ACCOUNT_MAP_PEOPLE = 200
ACCOUNT_MAP_HOPS = 4  # the intro defaults: max_hops 4, person-to-person types, top 1


def graph_node(row: Row, depth: int | None = None) -> GraphNode:
    fields = {k: v for k, v in row.items() if v is not None}
    return GraphNode(**fields, depth=depth)


def graph_edge(edge: Edge) -> GraphEdge:
    return GraphEdge(
        id=edge.id,
        type=RelType(edge.type),
        source=edge.source,
        target=edge.target,
        strength=round(edge.strength, 12),
        last_interaction_at=edge.row.get("last_interaction_at"),
    )


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


class MappingService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        balls: TeamBallCache | None = None,
    ) -> None:
        self.repo = MappingRepository(db)
        self.clock = StrengthClock(strength_model(settings), RelationshipRepository(db))
        self.balls = balls
        self.version: int | None = None  # the graph version the team was read at
        self.team: frozenset[str] | None = None  # the is_team people, once read

    async def _edge(self, row: Row, as_of: datetime | None = None) -> Edge:
        strength = await self.clock.at(row, as_of) if as_of else self.clock.current(row)
        return Edge(row["id"], row["type"], row["source_id"], row["target_id"], strength, row)

    def _current_edge(self, row: Row, moment: float) -> Edge:
        strength = self.clock.at_epoch(row, moment)
        return Edge(row["id"], row["type"], row["source_id"], row["target_id"], strength, row)

    async def _node(self, node_id: str, *labels: Label) -> Row:
        row = (await self.repo.nodes([node_id])).get(node_id)
        if row is None or row["label"] not in labels:
            kind = " or ".join(label.lower() for label in labels)
            raise NotFound(f"no {kind} with id {node_id}")
        return row

    # --- neighborhoods ---------------------------------------------------------------------

    async def neighborhood(
        self,
        root_id: str,
        label: Label,
        *,
        depth: int,
        types: list[RelType] | None,
        min_strength: float,
        limit: int,
        as_of: datetime | None,
    ) -> Graph:
        root = await self._node(root_id, label)
        type_names = [t.value for t in (types or list(RelType))]
        # The stored strength bounds the current one from above, not a past one (an interaction
        # since then may have raised it): with as_of every edge is read and judged here.
        prefilter = min_strength if as_of is None else 0.0
        depth_of: dict[str, int] = {root_id: 0}
        info: dict[str, Row] = {root_id: root}
        edges: dict[str, Edge] = {}
        expanded: set[str] = set()
        frontier = [root_id]
        truncated = False
        for level in range(1, depth + 1):
            if not frontier:
                break
            rows = await self.repo.node_edges(
                frontier, type_names, prefilter, NEIGHBORHOOD_STEP_ROWS + 1
            )
            if len(rows) > NEIGHBORHOOD_STEP_ROWS:
                truncated, rows = True, rows[:NEIGHBORHOOD_STEP_ROWS]
            expanded.update(frontier)
            in_frontier = set(frontier)
            reach: dict[str, float] = {}
            for edge_row, other in rows:
                edge = await self._edge(edge_row, as_of)
                if edge.strength < min_strength:
                    continue
                edges[edge.id] = edge
                info.setdefault(other["id"], other)
                for u, v in ((edge.source, edge.target), (edge.target, edge.source)):
                    if u in in_frontier and v not in depth_of:
                        reach[v] = max(reach.get(v, 0.0), edge.strength)
            new = sorted(reach, key=lambda v: (-reach[v], v))
            room = limit - len(depth_of)
            if len(new) > room:
                truncated, new = True, new[:room]
            for v in new:
                depth_of[v] = level
            frontier = new
        rim = [v for v in depth_of if v not in expanded]
        if rim:
            among = list(depth_of)
            rows_among = await self.repo.edges_among(
                rim, among, type_names, prefilter, NEIGHBORHOOD_STEP_ROWS + 1
            )
            if len(rows_among) > NEIGHBORHOOD_STEP_ROWS:
                truncated, rows_among = True, rows_among[:NEIGHBORHOOD_STEP_ROWS]
            for edge_row in rows_among:
                edge = await self._edge(edge_row, as_of)
                if edge.strength >= min_strength:
                    edges[edge.id] = edge
        nodes = sorted(depth_of, key=lambda v: (depth_of[v], v))
        kept = [e for e in edges.values() if e.source in depth_of and e.target in depth_of]
        return Graph(
            nodes=[graph_node(info[v], depth_of[v]) for v in nodes],
            edges=[graph_edge(e) for e in sorted(kept, key=lambda e: e.id)],
            truncated=truncated,
        )

    # --- shortest path ---------------------------------------------------------------------

    async def shortest(
        self,
        from_id: str,
        to_id: str,
        *,
        max_hops: int,
        types: list[RelType] | None,
        min_strength: float,
        as_of: datetime | None,
    ) -> ShortestPath:
        ends = await self.repo.nodes([from_id, to_id])
        for end in (from_id, to_id):
            if end not in ends:
                raise NotFound(f"no person, company or event with id {end}")
        type_names = [t.value for t in (types or list(RelType))]
        prefilter = min_strength if as_of is None else 0.0
        region = Region()
        info: dict[str, Row] = dict(ends)
        dist: list[dict[str, int]] = [{from_id: 0}, {to_id: 0}]
        fronts: list[list[str]] = [[from_id], [to_id]]
        radius = [0, 0]
        meet = 0 if from_id == to_id else None
        read = 0
        while radius[0] + radius[1] < max_hops and fronts[0] and fronts[1]:
            if meet is not None and radius[0] + radius[1] >= meet:
                break  # every path of <= meet hops lies in what was fetched
            side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
            rows = await self.repo.node_edges(fronts[side], type_names, prefilter, STEP_ROWS + 1)
            read += len(rows)
            if len(rows) > STEP_ROWS or read > SEARCH_ROWS:
                raise Unavailable(
                    "these nodes are too well connected to search this deep; "
                    "lower max_hops, raise min_strength or narrow types"
                )
            current = set(fronts[side])
            nxt: list[str] = []
            for edge_row, other in rows:
                edge = await self._edge(edge_row, as_of)
                if edge.strength < min_strength:
                    continue
                region.add(edge)
                info.setdefault(other["id"], other)
                for u, v in ((edge.source, edge.target), (edge.target, edge.source)):
                    if u in current and v not in dist[side]:
                        dist[side][v] = radius[side] + 1
                        nxt.append(v)
                        if v in dist[1 - side]:
                            total = dist[side][v] + dist[1 - side][v]
                            meet = total if meet is None else min(meet, total)
            fronts[side] = nxt
            radius[side] += 1
        path = shortest_path(region, from_id, to_id, max_hops)
        if path is None:
            raise NotFound(f"no path of at most {max_hops} hops between {from_id} and {to_id}")
        hop_edges = [region.neighbors(u)[v] for u, v in pairwise(path)]
        score = 1.0
        for edge in hop_edges:
            score *= edge.strength
        return ShortestPath(
            hops=len(hop_edges),
            score=score,
            nodes=[graph_node(info[v]) for v in path],
            edges=[graph_edge(e) for e in hop_edges],
        )

    # --- warm introductions ----------------------------------------------------------------

    async def intros(self, body: IntroRequest) -> IntroAnswer:
        target = await self._node(body.target_id, Label.PERSON, Label.COMPANY)
        works_at: dict[str, Edge] = {}
        if target["label"] == Label.PERSON:
            targets = {body.target_id}
        else:
            rows = await self.repo.employees(body.target_id, MAX_EMPLOYEES + 1)
            if len(rows) > MAX_EMPLOYEES:
                raise Unavailable(f"the company has more than {MAX_EMPLOYEES} current people")
            for row in rows:
                works_at[row["person"]["id"]] = await self._edge(row["edge"])
            targets = set(works_at)
        sources = await self._sources(body.from_ids)
        types = [t for t in body.types if t in PERSON_TO_PERSON]
        if len(types) != len(body.types):
            raise Unprocessable(
                "intros walk person-to-person types only: KNOWS, REPORTS_TO, INFLUENCES",
                errors=[{"loc": ["body", "types"], "msg": "not a person-to-person type"}],
            )
        found, fetched = await self.best_paths(
            sources,
            targets,
            max_hops=body.max_hops,
            limit=body.limit,
            min_strength=body.min_strength,
            types=types,
            distinct_introducers=body.distinct_introducers,
        )
        paths = await self._intro_paths(found, works_at)
        return IntroAnswer(target=graph_node(target), paths=paths, fetched_edges=fetched)

    async def _team(self) -> set[str]:
        self.version, team = await self.repo.team_ids(MAX_SOURCES)
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
            types = [t.value for t in PERSON_TO_PERSON]

            async def expand(ids: list[str], limit: int) -> list[Row]:
                return await self.repo.person_edges(ids, types, 0.0, limit)

            def strength(row: Row) -> float:  # at the build: an upper bound from then on
                return self.clock.at_epoch(row, time.time())

            self.balls.refresh(self.version, self.team, expand, strength)
        return ball

    async def _sources(self, from_ids: list[str] | None) -> set[str]:
        if from_ids is None:
            return await self._team()
        wanted = list(dict.fromkeys(from_ids))
        known = await self.repo.nodes(wanted)
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
        region, fetched, ball = await self._intro_region(
            sources,
            targets,
            max_hops,
            [t.value for t in types],
            min_strength,
            ranking=(limit, distinct_introducers),
        )
        try:
            # pure CPU between awaits (up to MAX_POPS queue pops): in a thread, so the event
            # loop keeps answering other requests (it gets the GIL back every few ms)
            found = await asyncio.to_thread(
                top_paths,
                region,
                sources,
                targets,
                max_hops,
                limit,
                distinct_introducers=distinct_introducers,
                max_pops=MAX_POPS,
                stats=stats,
                source_hops=ball.source_hops if ball else None,
                source_cost=ball.source_cost if ball else None,
            )
        except SearchTooLarge:
            raise Unavailable(
                "too many candidate paths to rank exactly; lower max_hops or raise min_strength"
            ) from None
        return found, fetched

    async def _intro_region(
        self,
        sources: set[str],
        targets: set[str],
        max_hops: int,
        types: list[str],
        min_strength: float,
        *,
        through_targets: bool = False,
        ranking: tuple[int, bool] | None = None,
    ) -> tuple[Region, int, TeamBall | None]:
        """Bidirectional, level by level, always the smaller frontier: once the two radii add
        up to max_hops, every valid path of at most max_hops hops lies in the fetched edges.
        From the team with its ball cached, the sources' side starts at the ball's radius and
        only the targets' side is read. Returns the region, the edges read, and the ball used.
        through_targets: a path to one target may pass other targets (the account map asks
        for each person's best intro, where colleagues are fair intermediaries).
        ranking = (limit, distinct_introducers) of the search to come: with a ball, the last
        step then reads only edges that can be on a path better than the best ones already in
        the region (_floors)."""
        blocked = sources if through_targets else sources | targets
        moment = now().timestamp()
        ball = self._ball(sources)
        wanted = set(types)

        def make(row: Row) -> Edge | None:
            if row["type"] not in wanted:
                return None
            edge = self._current_edge(row, moment)
            return edge if edge.strength > 0.0 and edge.strength >= min_strength else None

        region = Region(ball, make)
        dist: list[dict[str, int]] = [dict.fromkeys(sources, 0), dict.fromkeys(targets, 0)]
        fronts: list[list[str]] = [sorted(sources), sorted(targets)]
        radius = [0, 0]
        if ball is not None:
            dist[0], radius[0] = ball.hops, ball.radius
        read = 0
        while radius[0] + radius[1] < max_hops and fronts[0] and fronts[1]:
            side = 1 if ball is not None or len(fronts[1]) < len(fronts[0]) else 0
            other = dist[1 - side]
            last = radius[0] + radius[1] + 1 == max_hops
            floors = None
            if last and ball is not None and ranking is not None and side == 1:
                floors = await asyncio.to_thread(
                    self._floors,
                    region,
                    ball,
                    sources,
                    targets,
                    fronts[1],
                    dist[1],
                    max_hops,
                    ranking,
                )
            if floors is not None:
                rows = await self.repo.person_edges_floor(
                    [{"id": x, "floor": max(f, min_strength)} for x, f in floors.items()],
                    types,
                    STEP_ROWS + 1,
                )
            elif last and len(other) <= MAX_AMONG:
                # the last step: a new node must already lie in the other side's ball
                rows = await self.repo.person_edges_into(
                    fronts[side], list(other), types, min_strength, STEP_ROWS + 1
                )
            else:
                rows = await self.repo.person_edges(
                    fronts[side], types, min_strength, STEP_ROWS + 1
                )
            read += len(rows)
            if len(rows) > STEP_ROWS or read > SEARCH_ROWS:
                raise Unavailable(
                    "the people around this search are too well connected to rank every path; "
                    "lower max_hops or raise min_strength"
                )
            fronts[side] = await asyncio.to_thread(
                _absorb, region, rows, set(fronts[side]), dist[side], radius[side] + 1, blocked
            )
            radius[side] += 1
        return region, read, ball

    def _floors(
        self,
        region: Region,
        ball: TeamBall,
        sources: set[str],
        targets: set[str],
        front: list[str],
        near: dict[str, int],
        max_hops: int,
        ranking: tuple[int, bool],
    ) -> dict[str, float] | None:
        """Per frontier person x, the weakest edge the last step must read, or None when the
        region holds fewer than `limit` paths yet. The region already holds every path of up
        to max_hops - 1 hops; let C be the cost of the limit-th best of them. A path through a
        new edge (x, y) costs at least cost(targets -> x) + cost(x, y) + the cheapest first
        step out of the team (y is not in the team: the team's edges are all in the ball), so
        only edges with strength >= exp(-(C - cost(targets -> x) - first)) can beat C. Persons
        x for whom that is above 1 are not read at all."""
        limit, distinct = ranking
        try:
            found = top_paths(
                region,
                sources,
                targets,
                max_hops - 1,
                limit,
                distinct_introducers=distinct,
                max_pops=MAX_POPS,
                source_hops=ball.source_hops,
                source_cost=ball.source_cost,
            )
        except SearchTooLarge:
            return None  # no bound: the last step reads every edge, the full search decides
        if len(found) < limit:
            return None
        budget = found[limit - 1].cost + 1e-9 - ball.first
        cost = costs_from(region, targets, near)
        return {
            x: math.exp(-(budget - cost[x])) for x in front if x in cost and budget - cost[x] >= 0.0
        }

    async def _intro_paths(
        self, found: list[FoundPath], works_at: dict[str, Edge]
    ) -> list[IntroPath]:
        ids = {n for p in found for n in p.nodes}
        ids.update(works_at[p.nodes[-1]].target for p in found if p.nodes[-1] in works_at)
        info = await self.repo.nodes(sorted(ids)) if ids else {}
        out: list[IntroPath] = []
        for p in found:
            nodes = [graph_node(info[n]) for n in p.nodes]
            edges: list[Any] = [PathEdge(**graph_edge(e).model_dump()) for e in p.edges]
            final = works_at.get(p.nodes[-1])
            if final is not None:
                nodes.append(graph_node(info[final.target]))
                edges.append(PathEdge(**graph_edge(final).model_dump()))
            weakest = min(p.edges, key=lambda e: (e.strength, e.id))
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
                    ),
                )
            )
        return out

    # --- account map -----------------------------------------------------------------------

    async def account_map(self, company_id: str) -> AccountMap:
        company = await self._node(company_id, Label.COMPANY)
        rows = await self.repo.employees(company_id, ACCOUNT_MAP_PEOPLE + 1)
        truncated = len(rows) > ACCOUNT_MAP_PEOPLE
        rows = rows[:ACCOUNT_MAP_PEOPLE]
        team = await self._team()
        people: list[Employee] = []
        reachable_roles: set[Role] = set()
        held_roles: set[Role] = set()
        reached = dm = dm_reached = 0
        # One fetch for everybody: the region around the team and all the company's people
        # holds every path of at most ACCOUNT_MAP_HOPS hops from the team to any of them, so
        # each person's exact best intro is ranked on it without reading the graph again.
        sources = team  # a team member working there is ours, and may introduce colleagues
        targets = {row["person"]["id"] for row in rows} - team
        region, ball = Region(), None
        if sources and targets:
            region, _, ball = await self._intro_region(
                sources,
                targets,
                ACCOUNT_MAP_HOPS,
                [t.value for t in PERSON_TO_PERSON],
                0.0,
                through_targets=True,
            )

        def rank() -> dict[str, FoundPath]:  # pure CPU: run in a thread below
            best_found: dict[str, FoundPath] = {}
            for row in rows:
                pid = row["person"]["id"]
                if sources and pid not in team:
                    try:
                        found = top_paths(
                            region,
                            sources,
                            {pid},
                            ACCOUNT_MAP_HOPS,
                            1,
                            max_pops=MAX_POPS,
                            source_hops=ball.source_hops if ball else None,
                            source_cost=ball.source_cost if ball else None,
                        )
                    except SearchTooLarge:
                        raise Unavailable("too many candidate paths to rank exactly") from None
                    if found:
                        best_found[pid] = found[0]
            return best_found

        best_found = await asyncio.to_thread(rank)
        # the nodes of every best path in one read
        intros = dict(
            zip(best_found, await self._intro_paths(list(best_found.values()), {}), strict=True)
        )
        for row in rows:
            pid = row["person"]["id"]
            best = intros.get(pid)
            role = Role(row["role"]) if row.get("role") in set(Role) else None
            ours = pid in team or best is not None
            reached += ours
            if role is not None:
                held_roles.add(role)
                if ours:
                    reachable_roles.add(role)
            if role is Role.DECISION_MAKER:
                dm += 1
                dm_reached += ours
            people.append(
                Employee(
                    person=graph_node({**row["person"], "label": Label.PERSON.value}),
                    title=row.get("title"),
                    role=role,
                    department=row.get("department"),
                    works_at=graph_edge(await self._edge(row["edge"])),
                    best_intro=best,
                )
            )
        ids = [e.person.id for e in people]
        lines: list[Edge] = []
        if ids:
            inside = set(ids)
            edge_rows = await self.repo.person_edges(
                ids, [RelType.REPORTS_TO.value, RelType.INFLUENCES.value], 0.0, STEP_ROWS
            )
            unique = {r["id"]: r for r in edge_rows}
            for row in unique.values():
                if row["source_id"] in inside and row["target_id"] in inside:
                    lines.append(await self._edge(row))
        lines.sort(key=lambda e: e.id)
        return AccountMap(
            company=graph_node(company),
            people=people,
            reports_to=[graph_edge(e) for e in lines if e.type == RelType.REPORTS_TO],
            influences=[graph_edge(e) for e in lines if e.type == RelType.INFLUENCES],
            coverage=Coverage(
                people=len(people),
                reachable=reached,
                decision_makers=dm,
                decision_makers_reachable=dm_reached,
            ),
            unreached_roles=sorted(held_roles - reachable_roles),
            truncated=truncated,
        )
