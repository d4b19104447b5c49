"""Graph reads for mapping queries: the only module of this domain that runs Cypher.

Every statement here is bounded: a frontier of ids expands one hop, with a row limit."""

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from app.common.tasks import together
from app.db.convert import moment
from app.db.database import Database
from app.mapping import limits

Row = dict[str, Any]


def _slim_edges(rows: list[Any]) -> list[Row]:
    """expand_people's edge lists ([id, type, frontier id, other id, frontier is start, base,
    mass, mass_at, last_interaction_at]) -> the edge fields the strength model and the answer
    need.

    last_interaction_at travels as RFC 3339 text (the response model parses it): hydrating a
    driver DateTime per edge cost a quarter of an intro's CPU time (bench/profile.py)."""
    edges: list[Row] = []
    for rid, rtype, here, there, outward, base, mass, mass_at, last in rows:
        source, target = (here, there) if outward else (there, here)
        edges.append(
            {
                "id": rid,
                "type": rtype,
                "source_id": source,
                "target_id": target,
                "strength_base": base,
                "mass": mass,
                "mass_at": mass_at,
                "last_interaction_at": last,
            }
        )
    return edges


def _edges(rows: list[Row], key: str = "edges") -> list[Row]:
    """One record holding a list (far cheaper to stream than a record per edge)."""
    edges: list[Row] = rows[0][key] if rows else []
    return edges


# shortest_paths.cypher's edge lists, in order (created_at last, as text), and
# expand_nodes_strongest.cypher's (the node at the other end after them)
_PATH_EDGE = (
    "id",
    "type",
    "source_id",
    "target_id",
    "strength_base",
    "strength_source",
    "strength",
    "mass",
    "mass_at",
    "last_interaction_at",
    "interaction_count",
)


@dataclass(frozen=True, slots=True)
class Ball:
    """get_neighborhood.cypher's answer: the nodes around a root with their levels, and every
    edge among them (stored fields only; strengths are evaluated by the caller)."""

    over: bool  # a step read more edges than allowed: nothing else is filled in
    expanded: int  # the nodes of levels below this one had all their edges read
    rim_read: bool  # the edges among the nodes of level `expanded` are in too
    levels: dict[str, int]  # node id -> level (hops from the root over stored-strong edges)
    nodes: dict[str, Row]  # node id -> display fields (id, label, name, ...; no None values)
    edges: list[Row]  # id, type, source_id, target_id, strength_base, mass, mass_at, last_...


def edge_row(values: list[Any]) -> Row:
    """An edge given as a _PATH_EDGE list, as the row an Edge is made of."""
    return dict(zip(_PATH_EDGE, values, strict=True))


_BALL_NODE = ("id", "level", "name", "title", "is_team", "domain", "industry", "label")
# expand_nodes_strongest.cypher's lists: the edge as _PATH_EDGE, then the node at its other end
_STRONG_OTHER = ("id", "name", "title", "is_team", "domain", "industry", "label")


class MappingRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _step_lists(
        self, name: str, key: str, front: list[Any], **params: Any
    ) -> list[tuple[int, list[Any]]]:
        """A search step's statement over a frontier (`key`: its list parameter), whose one
        record holds the `edges` lists: as (offset of the part in `front`, its lists) pairs. A
        wide frontier (limits.SPLIT_FRONT or more) is read as limits.STEP_PARTS statements at
        once, on connections of their own: Neo4j runs a statement on one core, and a step's
        expansion is most of a large search's time (bench/notes.md). Each part keeps the row
        limit, so the parts hold more than `limit` rows exactly when the whole does (every row
        when they do not): a caller that rejects a step over its limit decides the same."""
        parts = limits.STEP_PARTS if len(front) >= limits.SPLIT_FRONT else 1
        cuts = [len(front) * k // parts for k in range(parts + 1)]
        reads = [self.db.read_plain(name, **{key: front[a:b]}, **params) for a, b in pairwise(cuts)]
        results = await together(*reads) if len(reads) > 1 else (await reads[0],)
        return [(a, _edges(rows)) for a, rows in zip(cuts, results, strict=False)]

    async def _step_edges(self, name: str, key: str, front: list[Any], **params: Any) -> list[Row]:
        """_step_lists of a statement whose lists are expand_people's, as _slim_edges' rows."""
        parts = await self._step_lists(name, key, front, **params)
        return [edge for _, lists in parts for edge in _slim_edges(lists)]

    async def nodes(self, ids: list[str]) -> dict[str, Row]:
        rows = await self.db.read_plain("get_graph_nodes", ids=ids)
        return {n["id"]: n for n in _edges(rows, "nodes")}

    async def team_ids(self, limit: int) -> tuple[int, list[str]]:
        """The graph version and the team, read together (the ball is keyed by both)."""
        row = await self.db.read_one("list_team_ids", limit=limit)
        return (int(row["version"]), list(row["ids"])) if row else (0, [])

    async def tagged_companies(self, tag: str, limit: int) -> list[str]:
        return [r["id"] for r in await self.db.read("list_tagged_companies", tag=tag, limit=limit)]

    async def employees(self, company_id: str, limit: int) -> list[Row]:
        """The current people of a company with their WORKS_AT edges (plain values: the one
        date travels as text)."""
        rows = await self.db.read_plain("list_account_people", company_id=company_id, limit=limit)
        return _edges(rows, "rows")

    async def company_ends(
        self, company_id: str, limit: int
    ) -> dict[str, tuple[str | None, list[Any]]]:
        """The current people of a company (at most `limit`): person id -> (the role on their
        WORKS_AT, the edge as a _PATH_EDGE list; edge_row makes it a row, for the few people a
        path ends at)."""
        rows = await self.db.read_plain("list_company_ends", company_id=company_id, limit=limit)
        ends: list[list[Any]] = rows[0]["rows"] if rows else []
        return {values[3]: (values[0], values[1:]) for values in ends}

    async def person_edges(
        self, ids: list[str], types: list[str], min_strength: float, limit: int
    ) -> list[Row]:
        """The person-to-person edges of these people (a wide frontier in parts: _step_lists)."""
        return await self._step_edges(
            "expand_people", "ids", ids, types=types, min_strength=min_strength, limit=limit
        )

    async def person_edges_floor(
        self, fronts: list[Row], types: list[str], limit: int
    ) -> list[Row]:
        """person_edges with a strength floor per frontier person: fronts = [{id, floor}]."""
        return await self._step_edges(
            "expand_people_floor", "fronts", fronts, types=types, limit=limit
        )

    async def person_edge_ends(
        self, fronts: list[Row], types: list[str], limit: int
    ) -> list[tuple[int, str, float]]:
        """person_edges_floor's edges as (index in fronts, other id, stored strength) only: the
        first pass of a wide last step, which keeps few of them (then person_pair_edges)."""
        parts = await self._step_lists(
            "expand_people_ends", "fronts", fronts, types=types, limit=limit
        )
        return [(at + int(i), str(q), float(s)) for at, lists in parts for i, q, s in lists]

    async def person_pair_edges(
        self, pairs: list[tuple[str, str]], types: list[str], min_strength: float
    ) -> list[Row]:
        """The edges between given (frontier id, other id) pairs, rows as person_edges'. One
        statement, not _step_lists' parts: a pair costs two index seeks, and in parts the
        bench's accounts of 80-120 pairs took longer (bench/notes.md)."""
        rows = await self.db.read_plain(
            "expand_pairs",
            pairs=[list(pair) for pair in pairs],
            types=types,
            min_strength=min_strength,
        )
        return _slim_edges(_edges(rows))

    async def person_edges_into(
        self, ids: list[str], among: list[str], types: list[str], min_strength: float, limit: int
    ) -> list[Row]:
        return await self._step_edges(
            "expand_people_into",
            "ids",
            ids,
            among=among,
            types=types,
            min_strength=min_strength,
            limit=limit,
        )

    async def node_edges(
        self, ids: list[str], types: list[str], min_strength: float, limit: int
    ) -> list[tuple[Row, Row]]:
        rows = await self.db.read_plain(
            "expand_nodes", ids=ids, types=types, min_strength=min_strength, limit=limit
        )
        pairs: list[Row] = rows[0]["rows"] if rows else []
        for p in pairs:
            p["edge"]["created_at"] = moment(p["edge"].get("created_at"))
        return [(p["edge"], p["other"]) for p in pairs]

    async def strongest_edges(
        self, ids: list[str], types: list[str], min_strength: float, limit: int, scan: int
    ) -> list[tuple[Row, Row]] | None:
        """expand_nodes_strongest.cypher: the limit + 1 edges of the greatest stored strength
        from a frontier to nodes outside it, each with the node at its other end; None when
        the frontier has more than `scan` edges (not read)."""
        found = await self.db.read_plain(
            "expand_nodes_strongest",
            ids=ids,
            types=types,
            min_strength=min_strength,
            limit=limit,
            scan=scan,
        )
        if not found or found[0]["over"]:
            return None
        cut = len(_PATH_EDGE)
        return [
            (
                dict(zip(_PATH_EDGE, values[:cut], strict=True)),
                dict(zip(_STRONG_OTHER, values[cut:], strict=True)),
            )
            for values in found[0]["rows"]
        ]

    async def edges_among(
        self, ids: list[str], among: list[str], types: list[str], min_strength: float, limit: int
    ) -> list[Row]:
        rows = await self.db.read_plain(
            "list_edges_among",
            ids=ids,
            among=among,
            types=types,
            min_strength=min_strength,
            limit=limit,
            degree=limits.HUB_DEGREE,
        )
        edges = _edges(rows)
        for edge in edges:  # as text (a driver DateTime per edge costs ~40 us): as_of needs it
            edge["created_at"] = moment(edge.get("created_at"))
        return edges

    async def neighborhood_ball(
        self,
        root_id: str,
        label: str,
        types: list[str],
        min_strength: float,
        depth: int,
        limit: int,
        rows: int,
        root_rows: int,
        rim_rows: int,
    ) -> Ball | None:
        """The ball of a neighborhood in one statement (get_neighborhood.cypher); None when
        the root is not a node of that label."""
        found = await self.db.read_plain(
            "get_neighborhood",
            id=root_id,
            label=label,
            types=types,
            min_strength=min_strength,
            depth=depth,
            limit=limit,
            rows=rows,
            root_rows=root_rows,
            rim_rows=rim_rows,
        )
        if not found:
            return None
        row = found[0]
        levels: dict[str, int] = {}
        nodes: dict[str, Row] = {}
        for values in row["nodes"]:
            node = {k: v for k, v in zip(_BALL_NODE, values, strict=True) if v is not None}
            levels[node["id"]] = node.pop("level")
            nodes[node["id"]] = node
        edges = [
            {
                "id": rid,
                "type": rtype,
                "source_id": source,
                "target_id": target,
                "strength_base": base,
                "mass": mass,
                "mass_at": mass_at,
                "last_interaction_at": last,
            }
            for rid, rtype, source, target, base, mass, mass_at, last in row["edges"]
        ]
        return Ball(
            bool(row["over"]), int(row["expanded"]), bool(row["rim_read"]), levels, nodes, edges
        )

    async def shortest_paths(
        self,
        from_id: str,
        to_id: str,
        types: list[str],
        min_strength: float,
        max_hops: int,
        limit: int,
    ) -> tuple[bool, int, list[Row], dict[str, Row]] | None:
        """Every shortest path between two nodes (shortest_paths.cypher), as (complete: fewer
        than `limit` paths were read, hops, edge rows, node rows by id); None when one of the
        two nodes does not exist."""
        rows = await self.db.read_plain(
            f"shortest_paths:{max_hops}",
            from_id=from_id,
            to_id=to_id,
            types=types,
            min_strength=min_strength,
            limit=limit,
        )
        if not rows or not rows[0]["ends"]:
            return None
        row = rows[0]
        edges = []
        for values in row["edges"]:
            edge = dict(zip(_PATH_EDGE, values, strict=False))
            edge["created_at"] = moment(values[-1])
            edges.append(edge)
        nodes = {
            nid: {
                "id": nid,
                "name": name,
                "title": title,
                "is_team": is_team,
                "domain": domain,
                "industry": industry,
                "label": label,
            }
            for nid, name, title, is_team, domain, industry, label in row["nodes"]
        }
        return row["found"] < limit, int(row["hops"] or 0), edges, nodes

    # Bulk loading for tests and benchmarks (not behind any route).
    async def bulk_people(self, rows: list[Row]) -> None:
        await self.db.write("bulk_create_people", rows=rows)

    async def bulk_knows(self, rows: list[Row]) -> None:
        await self.db.write("bulk_create_knows", rows=rows)
