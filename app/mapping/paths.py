"""Shortest paths: the fewest hops between two nodes, ties broken by the highest product of
strengths.

One statement (shortest_paths.cypher) reads every shortest path over the edges whose stored
strength passes the filter (an upper bound of the current one); each edge is then judged
exactly here (its strength now or at as_of) and app/graph/search.py's shortest_path picks the
path among those that survive. When some path of that length survives, no shorter one exists in
the exactly filtered graph (its edges are a subset) and the survivors are all of its shortest
paths: the answer is exact. Otherwise (a path of that length lost an edge to the exact filter,
or there are more than SHORTEST_PATHS_READ of them) both ends grow breadth-first
(app/graph/frontier.py) until a meeting proves no shorter path is left unread."""

from datetime import datetime
from itertools import pairwise

from app.common.kinds import RelType
from app.errors import NotFound, Unavailable
from app.graph.frontier import Side, expand
from app.graph.search import Region, SearchTooLarge, shortest_path
from app.mapping import limits
from app.mapping.context import MappingContext, graph_edge, graph_node
from app.mapping.repository import Row
from app.mapping.schemas import ShortestPath

SHORTEST_PATHS_READ = 2_000  # shortest paths one statement may return; more: the search


async def shortest(
    ctx: MappingContext,
    from_id: str,
    to_id: str,
    *,
    max_hops: int,
    types: list[RelType] | None,
    min_strength: float,
    as_of: datetime | None,
) -> ShortestPath:
    type_names = [t.value for t in (types or list(RelType))]
    prefilter = min_strength if as_of is None else 0.0
    if from_id != to_id:
        read = await ctx.repo.shortest_paths(
            from_id, to_id, type_names, prefilter, max_hops, SHORTEST_PATHS_READ + 1
        )
        if read is not None:
            complete, hops, rows, nodes = read
            if complete and not rows:
                raise NotFound(f"no path of at most {max_hops} hops between {from_id} and {to_id}")
            if complete:
                region = Region()
                for row in rows:
                    edge = await ctx.edge_then(row, as_of)
                    if edge is not None and edge.strength >= min_strength:
                        region.add(edge)
                path = shortest_path(region, from_id, to_id, max_hops)
                if path is not None and len(path) - 1 == hops:
                    return _answer(region, nodes, path)
    return await _search(ctx, from_id, to_id, max_hops, type_names, min_strength, prefilter, as_of)


async def _search(
    ctx: MappingContext,
    from_id: str,
    to_id: str,
    max_hops: int,
    type_names: list[str],
    min_strength: float,
    prefilter: float,
    as_of: datetime | None,
) -> ShortestPath:
    """Both ends grow until a meeting proves no shorter path is left unread."""
    ends = await ctx.repo.nodes([from_id, to_id])
    for end in (from_id, to_id):
        if end not in ends:
            raise NotFound(f"no person, company or event with id {end}")
    region = Region()
    info: dict[str, Row] = dict(ends)
    sides = [Side({from_id: 0}, [from_id]), Side({to_id: 0}, [to_id])]
    meet = 0 if from_id == to_id else None

    async def fetch(_: int, side: Side, __: bool) -> list[tuple[Row, Row]]:
        return await ctx.repo.node_edges(side.front, type_names, prefilter, limits.STEP_ROWS + 1)

    async def absorb(i: int, rows: list[tuple[Row, Row]]) -> list[str]:
        nonlocal meet
        here, there = sides[i], sides[1 - i]
        current = set(here.front)
        nxt: list[str] = []
        for edge_row, other in rows:
            edge = await ctx.edge_then(edge_row, as_of)
            if edge is None or edge.strength < min_strength:
                continue  # too weak then, or not made yet
            region.add(edge)
            info.setdefault(other["id"], other)
            for u, v in ((edge.source, edge.target), (edge.target, edge.source)):
                if u in current and v not in here.dist:
                    here.dist[v] = here.radius + 1
                    nxt.append(v)
                    if v in there.dist:
                        total = here.dist[v] + there.dist[v]
                        meet = total if meet is None else min(meet, total)
        return nxt

    def enough() -> bool:  # every path of <= meet hops lies in what was fetched
        return meet is not None and sides[0].radius + sides[1].radius >= meet

    try:
        await expand(
            sides,
            max_hops,
            fetch=fetch,
            absorb=absorb,
            enough=enough,
            step_rows=limits.STEP_ROWS,
            search_rows=limits.SEARCH_ROWS,
        )
    except SearchTooLarge:
        raise Unavailable(
            "these nodes are too well connected to search this deep; "
            "lower max_hops, raise min_strength or narrow types"
        ) from None
    path = shortest_path(region, from_id, to_id, max_hops)
    if path is None:
        raise NotFound(f"no path of at most {max_hops} hops between {from_id} and {to_id}")
    return _answer(region, info, path)


def _answer(region: Region, info: dict[str, Row], path: list[str]) -> ShortestPath:
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
