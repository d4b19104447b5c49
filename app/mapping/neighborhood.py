"""A person's or company's neighborhood: the ego network within `depth` hops, the strongest
ties first when `limit` cuts it, and every edge among the nodes kept.

One statement reads the ball around the root (get_neighborhood.cypher) and the levels are
chosen here, from strengths evaluated once per edge; the level-by-level reads (`_stepwise`,
one statement per level) remain for `as_of` (a past strength may need the pair's
interactions) and for what the ball cannot settle (a dense hub, a ball cut short whose
strengths fell below min_strength since they were stored)."""

from datetime import datetime

from app.common.kinds import Label, RelType
from app.db.convert import now
from app.graph.edge import Edge
from app.mapping import limits
from app.mapping.context import MappingContext, graph_of
from app.mapping.repository import Ball, Row
from app.mapping.schemas import Graph


async def neighborhood(
    ctx: MappingContext,
    root_id: str,
    label: Label,
    *,
    depth: int,
    types: list[RelType] | None,
    min_strength: float,
    limit: int,
    as_of: datetime | None,
) -> Graph:
    type_names = [t.value for t in (types or list(RelType))]
    if as_of is None:
        ball = await ctx.repo.neighborhood_ball(
            root_id,
            label.value,
            type_names,
            min_strength,
            depth,
            limit,
            limits.NEIGHBORHOOD_BALL_ROWS,
            max(limits.NEIGHBORHOOD_ROOT_ROWS, 4 * limit),
            limits.NEIGHBORHOOD_STEP_ROWS,
        )
        if ball is None:
            await ctx.node(root_id, label)  # NotFound (unless made since)
        else:
            graph = await _from_ball(ctx, ball, root_id, depth, type_names, min_strength, limit)
            if graph is not None:
                return graph
    return await _stepwise(
        ctx,
        root_id,
        label,
        depth=depth,
        type_names=type_names,
        min_strength=min_strength,
        limit=limit,
        as_of=as_of,
    )


async def _from_ball(
    ctx: MappingContext,
    ball: Ball,
    root_id: str,
    depth: int,
    type_names: list[str],
    min_strength: float,
    limit: int,
) -> Graph | None:
    """The answer `_stepwise` gives, chosen from the ball; None when the ball cannot settle it
    (a step read more than NEIGHBORHOOD_BALL_ROWS edges, or a level must grow from nodes whose
    edges the statement did not read). A bigger ball costs more to return whole than the
    strongest-first level reads (every type at M, 100 people: p95 218-240 ms with the ball
    up to 20,000 edges a step, 117 ms up to 8,000; bench/notes.md). A rim too big to read
    whole costs one more statement: the edges among the rim nodes kept."""
    cap = limits.NEIGHBORHOOD_BALL_ROWS
    if ball.over:
        return None
    moment = now().timestamp()
    # every stored-strong edge of a node (the rows a level's statement would read) and the
    # ones strong enough now
    read: dict[str, int] = {}
    near: dict[str, list[tuple[str, float]]] = {}
    edges: dict[str, Edge] = {}
    for row in ball.edges:
        edge = ctx.edge_at(row, moment)
        ends = (edge.source, edge.target)
        for u in ends:
            read[u] = read.get(u, 0) + 1
        if edge.strength < min_strength:
            continue
        edges[edge.id] = edge
        for u, v in (ends, ends[::-1]):
            near.setdefault(u, []).append((v, edge.strength))
    levels = ball.levels
    depth_of: dict[str, int] = {root_id: 0}
    frontier = [root_id]
    truncated = False
    for level in range(1, depth + 1):
        if not frontier:
            break
        if truncated and len(depth_of) >= limit:
            break  # nothing more can be kept: only edges among the kept nodes are left
        if any(levels[u] >= ball.expanded for u in frontier):
            return None  # edges the statement did not read
        if sum(read.get(u, 0) for u in frontier) > cap:
            return None  # the step would be cut: its reads decide what is kept
        reach: dict[str, float] = {}
        for u in frontier:
            for v, strength in near.get(u, ()):
                if v not in depth_of and strength > reach.get(v, -1.0):
                    reach[v] = strength
        new = sorted(reach, key=lambda v: (-reach[v], v))
        room = limit - len(depth_of)
        if len(new) > room:
            truncated, new = True, new[:room]
        for v in new:
            depth_of[v] = level
        frontier = new
    rim = [] if ball.rim_read else [v for v in depth_of if levels[v] >= ball.expanded]
    if rim:
        rows = await ctx.repo.edges_among(rim, list(depth_of), type_names, min_strength, cap + 1)
        if len(rows) > cap:
            return None
        for row in rows:
            edge = ctx.edge_at(row, moment)
            if edge.strength >= min_strength:
                edges[edge.id] = edge
    nodes = sorted(depth_of, key=lambda v: (depth_of[v], v))
    kept = [e for e in edges.values() if e.source in depth_of and e.target in depth_of]
    return graph_of(
        ((ball.nodes[v], depth_of[v]) for v in nodes),
        sorted(kept, key=lambda e: e.id),
        truncated,
    )


async def _stepwise(
    ctx: MappingContext,
    root_id: str,
    label: Label,
    *,
    depth: int,
    type_names: list[str],
    min_strength: float,
    limit: int,
    as_of: datetime | None,
) -> Graph:
    """One statement per level, the strengths of each judged before the next is read."""
    root = await ctx.node(root_id, label)
    # The stored strength bounds the current one from above, not a past one (an interaction
    # since then may have raised it): with as_of every edge is read and judged here.
    prefilter = min_strength if as_of is None else 0.0
    depth_of: dict[str, int] = {root_id: 0}
    info: dict[str, Row] = {root_id: root}
    edges: dict[str, Edge] = {}
    expanded: set[str] = set()
    frontier = [root_id]
    truncated = False
    unsure: set[str] = set()  # expanded, but some of their edges to kept nodes were not read
    for level in range(1, depth + 1):
        if not frontier:
            break
        room = limit - len(depth_of)
        strongest = None
        if as_of is None:
            strongest = await _strongest(ctx, frontier, depth_of, type_names, min_strength, room)
        if strongest is not None:
            read, reach, settled = strongest
            if not settled:
                truncated = True  # the strongest NEIGHBORHOOD_STEP_ROWS edges decided
            unsure.update(frontier)  # its edges inside the frontier, and the weak ones out
        else:
            rows = await ctx.repo.node_edges(
                frontier, type_names, prefilter, limits.NEIGHBORHOOD_STEP_ROWS + 1
            )
            if len(rows) > limits.NEIGHBORHOOD_STEP_ROWS:
                truncated, rows = True, rows[: limits.NEIGHBORHOOD_STEP_ROWS]
                unsure.update(frontier)
            read, reach = [], {}
            in_frontier = set(frontier)
            for edge_row, other in rows:
                then = await ctx.edge_then(edge_row, as_of)
                if then is not None and then.strength >= min_strength:  # else too weak, or new
                    read.append((then, other))
                    _reach(reach, then, in_frontier, depth_of)
        expanded.update(frontier)
        for edge, other in read:
            edges[edge.id] = edge
            info.setdefault(other["id"], other)
        new = sorted(reach, key=lambda v: (-reach[v], v))
        if len(new) > room:
            truncated, new = True, new[:room]
        for v in new:
            depth_of[v] = level
        frontier = new
    rim = [v for v in depth_of if v not in expanded or v in unsure]
    if rim:
        among = list(depth_of)
        rows_among = await ctx.repo.edges_among(
            rim, among, type_names, prefilter, limits.NEIGHBORHOOD_STEP_ROWS + 1
        )
        if len(rows_among) > limits.NEIGHBORHOOD_STEP_ROWS:
            truncated, rows_among = True, rows_among[: limits.NEIGHBORHOOD_STEP_ROWS]
        for edge_row in rows_among:
            among_edge = await ctx.edge_then(edge_row, as_of)
            if among_edge is not None and among_edge.strength >= min_strength:
                edges[among_edge.id] = among_edge
    nodes = sorted(depth_of, key=lambda v: (depth_of[v], v))
    kept = [e for e in edges.values() if e.source in depth_of and e.target in depth_of]
    return graph_of(
        ((info[v], depth_of[v]) for v in nodes), sorted(kept, key=lambda e: e.id), truncated
    )


def _reach(
    reach: dict[str, float], edge: Edge, frontier: set[str], depth_of: dict[str, int]
) -> None:
    """A level's candidates: each new node's strongest edge from the frontier."""
    for u, v in ((edge.source, edge.target), (edge.target, edge.source)):
        if u in frontier and v not in depth_of:
            reach[v] = max(reach.get(v, 0.0), edge.strength)


async def _strongest(
    ctx: MappingContext,
    frontier: list[str],
    depth_of: dict[str, int],
    type_names: list[str],
    min_strength: float,
    room: int,
) -> tuple[list[tuple[Edge, Row]], dict[str, float], bool] | None:
    """A level read strongest first (expand_nodes_strongest.cypher), in reads of a growing
    number of edges until its answer is settled: the level's edges strong enough now with the
    node at their other end, its candidates' reach, and whether the nodes kept are exactly
    those a read of every edge would keep.

    The rows are the frontier's edges to other nodes of the greatest stored strength, an upper
    bound of the current one, then of the smaller other id. Settled: every edge was read, or
    more than `room` candidates were seen and the room-th of them, by (-reach, id), comes before
    the last edge read by (-stored strength, other id): an unread edge's current strength is at
    most its stored one, so no unread edge changes which candidates are kept or their order
    (ties included: the edges of a type's default strength are all equal). The frontier's edges
    among the nodes kept are read with the rim's.
    None: the frontier has more edges than one search may read; the caller reads as before.
    Not settled within NEIGHBORHOOD_STEP_ROWS edges: the candidates of the strongest edges read.
    """
    cap = limits.NEIGHBORHOOD_STEP_ROWS
    want = min(max(4 * room, 256), cap)
    in_frontier = set(frontier)
    moment = now().timestamp()
    while True:
        read = await ctx.repo.strongest_edges(
            frontier, type_names, min_strength, want, limits.STEP_ROWS
        )
        if read is None:
            return None
        strong: list[tuple[Edge, Row]] = []
        reach: dict[str, float] = {}
        for edge_row, other in read:
            edge = ctx.edge_at(edge_row, moment)
            if edge.strength >= min_strength:
                strong.append((edge, other))
                _reach(reach, edge, in_frontier, depth_of)
        if len(read) <= want:  # every edge
            return strong, reach, True
        # no unread edge stores more, nor as much towards a smaller id (the ORDER BY)
        last, last_other = read[-1]
        bound = (-float(last["strength"]), str(last_other["id"]))
        ranked = sorted((-strength, v) for v, strength in reach.items())
        if len(ranked) > room and (room == 0 or ranked[room - 1] < bound):
            return strong, reach, True
        if want >= cap:
            return strong, reach, False
        want = min(want * 8, cap)
