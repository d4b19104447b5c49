"""The graph as a networkx MultiDiGraph, whole or a neighborhood, read in bounded pages."""

import asyncio
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j.exceptions import Neo4jError

from app.common.kinds import Label
from app.config import Settings
from app.db.convert import loads
from app.db.database import Database
from app.errors import NotFound, Unprocessable
from app.graph.strength import StrengthClock, strength_model
from app.imports.repository import ImportRepository, Row
from app.relationships.repository import RelationshipRepository
from app.relationships.service import properties_of

PAGE = 5_000
EDGE_CHUNK = 500  # nodes whose outgoing edges one query reads
MAX_NODES = 250_000  # a whole-graph export larger than this is refused (use a neighborhood)
MAX_EDGES = 1_000_000
NEIGHBORHOOD_MAX_NODES = 50_000  # a neighborhood stops growing here (truncated)

NODE_FIELDS: dict[Label, tuple[str, ...]] = {
    Label.PERSON: (
        "name",
        "email",
        "title",
        "location",
        "tags",
        "is_team",
        "external_id",
        "created_at",
        "updated_at",
    ),
    Label.COMPANY: (
        "name",
        "domain",
        "industry",
        "size",
        "location",
        "tags",
        "external_id",
        "created_at",
        "updated_at",
    ),
    Label.EVENT: ("name", "starts_on", "location"),
}


@dataclass
class Exported:
    graph: nx.MultiDiGraph
    truncated: bool = False


class Exporter:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = ImportRepository(db)
        self.clock = StrengthClock(strength_model(settings), RelationshipRepository(db))

    def _add_node(self, graph: nx.MultiDiGraph, label: Label, row: Row) -> None:
        data: dict[str, Any] = {"kind": label.value, "label": row.get("name") or row["id"]}
        for key in NODE_FIELDS[label]:
            if row.get(key) is not None:
                data[key] = row[key]
        if label is not Label.EVENT:
            data["tags"] = row.get("tags") or []
            data["attributes"] = loads(row.get("attributes_json"))
        if label is Label.PERSON:
            data["is_team"] = bool(row.get("is_team"))
        graph.add_node(row["id"], **data)

    def _add_edge(self, graph: nx.MultiDiGraph, row: Row) -> None:
        strength = round(self.clock.current(row), 12)
        data: dict[str, Any] = {
            "id": row["id"],
            "type": row["type"],
            "label": row["type"],
            "strength": strength,
            "weight": strength,
            "strength_source": row.get("strength_source") or "default",
            "properties": properties_of(row),
            "created_at": row.get("created_at"),
            "updated_at": row.get("updated_at"),
        }
        if row.get("interaction_count"):
            data["interaction_count"] = int(row["interaction_count"])
            data["last_interaction_at"] = row.get("last_interaction_at")
        graph.add_edge(row["source_id"], row["target_id"], key=row["id"], **data)

    async def _edges_from(self, label: Label, ids: list[str]) -> list[Row]:
        """The outgoing edges of these nodes, EDGE_CHUNK nodes a query; a query that times out
        (hubs on a busy database) is asked again for half as many nodes."""
        out: list[Row] = []
        for start in range(0, len(ids), EDGE_CHUNK):
            out.extend(await self._edges_of(label, ids[start : start + EDGE_CHUNK]))
        return out

    async def _edges_of(self, label: Label, ids: list[str]) -> list[Row]:
        try:
            return await self.repo.edges_from(label, ids)
        except Neo4jError as exc:
            code = exc.code or ""
            if "TransactionTimedOut" not in code or len(ids) == 1:
                raise
        half = len(ids) // 2
        return await self._edges_of(label, ids[:half]) + await self._edges_of(label, ids[half:])

    async def whole(self) -> Exported:
        graph = nx.MultiDiGraph()
        edges: list[Row] = []
        for label in (Label.PERSON, Label.COMPANY, Label.EVENT):
            after: str | None = None
            while True:
                rows = await self.repo.node_page(label, after, PAGE)
                for row in rows:
                    self._add_node(graph, label, row)
                if graph.number_of_nodes() > MAX_NODES:
                    raise Unprocessable(
                        f"the graph has more than {MAX_NODES} nodes: export neighborhoods "
                        "(root_id, depth) instead"
                    )
                if label is not Label.EVENT and rows:
                    edges.extend(await self._edges_from(label, [r["id"] for r in rows]))
                    if len(edges) > MAX_EDGES:
                        raise Unprocessable(
                            f"the graph has more than {MAX_EDGES} relationships: export "
                            "neighborhoods (root_id, depth) instead"
                        )
                if len(rows) < PAGE:
                    break
                after = rows[-1]["id"]
        # every edge of the graph: a long stretch of pure CPU work, off the event loop
        await asyncio.to_thread(self._add_edges, graph, edges)
        return Exported(graph)

    def _add_edges(self, graph: nx.MultiDiGraph, rows: list[Row]) -> None:
        """Each row is dropped once its edge is in the graph: the rows and the graph's copy of
        them are not both held whole (the export's peak)."""
        rows.reverse()
        while rows:
            row = rows.pop()
            if row["target_id"] in graph:
                self._add_edge(graph, row)

    async def neighborhood(self, root_id: str, depth: int) -> Exported:
        found = await self.repo.nodes_by_id([root_id])
        if not found:
            raise NotFound(f"no person, company or event with id {root_id}")
        seen: dict[str, None] = {root_id: None}
        frontier = [root_id]
        truncated = False
        for _ in range(depth):
            reached: list[str] = []
            for start in range(0, len(frontier), PAGE):
                room = NEIGHBORHOOD_MAX_NODES - len(seen) + 1
                # when the limit is hit, at least `room` of them are new: truncated below
                limit = NEIGHBORHOOD_MAX_NODES + len(seen) + 1
                ids = await self.repo.neighbors(frontier[start : start + PAGE], limit)
                fresh = [i for i in ids if i not in seen]
                if len(fresh) >= room:
                    fresh, truncated = fresh[: room - 1], True
                for i in fresh:
                    seen[i] = None
                reached.extend(fresh)
                if truncated:
                    break
            frontier = reached
            if truncated or not frontier:
                break
        graph = nx.MultiDiGraph()
        ids = list(seen)
        by_label: dict[Label, list[str]] = {Label.PERSON: [], Label.COMPANY: []}
        for start in range(0, len(ids), PAGE):
            for label, row in await self.repo.nodes_by_id(ids[start : start + PAGE]):
                self._add_node(graph, label, row)
                if label in by_label:
                    by_label[label].append(row["id"])
        for label, members in by_label.items():
            for row in await self._edges_from(label, members):
                if row["target_id"] in graph:
                    self._add_edge(graph, row)
        return Exported(graph, truncated)
