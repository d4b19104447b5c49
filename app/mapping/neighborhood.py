"""A person's or company's neighborhood: the ego network within `depth` hops, the strongest
ties first when `limit` cuts it, and every edge among the nodes kept."""

from datetime import datetime

from app.common.kinds import Label, RelType
from app.graph.edge import Edge
from app.mapping import limits
from app.mapping.context import MappingContext, graph_edge, graph_node
from app.mapping.repository import Row
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
    root = await ctx.node(root_id, label)
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
        rows = await ctx.repo.node_edges(
            frontier, type_names, prefilter, limits.NEIGHBORHOOD_STEP_ROWS + 1
        )
        if len(rows) > limits.NEIGHBORHOOD_STEP_ROWS:
            truncated, rows = True, rows[: limits.NEIGHBORHOOD_STEP_ROWS]
        expanded.update(frontier)
        in_frontier = set(frontier)
        reach: dict[str, float] = {}
        for edge_row, other in rows:
            edge = await ctx.edge_then(edge_row, as_of)
            if edge is None or edge.strength < min_strength:
                continue  # too weak then, or not made yet
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
        rows_among = await ctx.repo.edges_among(
            rim, among, type_names, prefilter, limits.NEIGHBORHOOD_STEP_ROWS + 1
        )
        if len(rows_among) > limits.NEIGHBORHOOD_STEP_ROWS:
            truncated, rows_among = True, rows_among[: limits.NEIGHBORHOOD_STEP_ROWS]
        for edge_row in rows_among:
            edge = await ctx.edge_then(edge_row, as_of)
            if edge is not None and edge.strength >= min_strength:
                edges[edge.id] = edge
    nodes = sorted(depth_of, key=lambda v: (depth_of[v], v))
    kept = [e for e in edges.values() if e.source in depth_of and e.target in depth_of]
    return Graph(
        nodes=[graph_node(info[v], depth_of[v]) for v in nodes],
        edges=[graph_edge(e) for e in sorted(kept, key=lambda e: e.id)],
        truncated=truncated,
    )
