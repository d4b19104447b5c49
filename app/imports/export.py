"""The graph as a networkx MultiDiGraph, whole or a neighborhood, read in bounded pages.

Every node and edge carries flat attributes (docs/import.md "Export"), so that a drawing
needs no decoding: a person's current employer (`company`, `company_id`, `industry`) and
WORKS_AT `role`, tags joined with `;`, PageRank and segment (app/imports/drawing.py); a
WORKS_AT edge its title, role, ... beside `properties`."""

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
from app.graph.strength import StrengthClock, strength_model, strength_source
from app.imports.drawing import SVG_MAX_NODES, annotate
from app.imports.repository import ImportRepository, Row
from app.imports.schemas import ExportFormat, ExportPart
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


TAG_SEPARATOR = ";"
WORKS_AT_FLAT = ("title", "role", "department", "since", "until", "current")


def employer(rows: list[Row]) -> Row | None:
    """Of a person's current WORKS_AT rows, the one an export shows: the latest `since`
    (none counts as oldest), then the company's name and id."""
    if not rows:
        return None
    return max(rows, key=lambda r: (r.get("since") or "", r.get("company") or "", r["company_id"]))


def check_export(fmt: ExportFormat, part: ExportPart | None, root_id: str | None) -> None:
    """The query's parameters fit together: CSV names its part, SVG its root."""
    if fmt is ExportFormat.CSV and part is None:
        raise Unprocessable(
            "format=csv needs part=nodes or part=edges",
            errors=[{"loc": ["query", "part"], "msg": "required with format=csv"}],
        )
    if fmt is not ExportFormat.CSV and part is not None:
        raise Unprocessable(
            "part is for format=csv only",
            errors=[{"loc": ["query", "part"], "msg": "only with format=csv"}],
        )
    if fmt is ExportFormat.SVG and not root_id:
        raise Unprocessable(
            "format=svg draws a neighborhood: give root_id (and depth)",
            errors=[{"loc": ["query", "root_id"], "msg": "required with format=svg"}],
        )


def check_drawable(graph: nx.MultiDiGraph) -> None:
    if graph.number_of_nodes() > SVG_MAX_NODES:
        raise Unprocessable(
            f"the neighborhood has more than {SVG_MAX_NODES} nodes, too many to draw: "
            "lower depth, or export it as gexf or graphml",
            errors=[{"loc": ["query", "depth"], "msg": "too many nodes to draw"}],
        )


@dataclass
class Exported:
    graph: nx.MultiDiGraph
    truncated: bool = False


class Exporter:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = ImportRepository(db)
        self.clock = StrengthClock(strength_model(settings), RelationshipRepository(db))

    def _add_node(
        self, graph: nx.MultiDiGraph, label: Label, row: Row, works: Row | None = None
    ) -> None:
        data: dict[str, Any] = {"kind": label.value, "label": row.get("name") or row["id"]}
        for key in NODE_FIELDS[label]:
            if row.get(key) is not None:
                data[key] = row[key]
        if label is not Label.EVENT:
            data["tags"] = TAG_SEPARATOR.join(row.get("tags") or [])
            data["attributes"] = loads(row.get("attributes_json"))
        if label is Label.COMPANY:
            data["company"] = data["name"]
            data["company_id"] = row["id"]
        if label is Label.PERSON:
            data["is_team"] = bool(row.get("is_team"))
            if works is not None:
                data["company"] = works["company"]
                data["company_id"] = works["company_id"]
                for key in ("role", "industry"):
                    if works.get(key) is not None:
                        data[key] = works[key]
        graph.add_node(row["id"], **data)

    async def _add_nodes(self, graph: nx.MultiDiGraph, label: Label, rows: list[Row]) -> None:
        employers: dict[str, list[Row]] = {}
        if label is Label.PERSON and rows:
            for work in await self.repo.employers([r["id"] for r in rows]):
                employers.setdefault(work["person_id"], []).append(work)
        for row in rows:
            self._add_node(graph, label, row, employer(employers.get(row["id"], [])))

    def _add_edge(self, graph: nx.MultiDiGraph, row: Row) -> None:
        strength = round(self.clock.current(row), 12)
        data: dict[str, Any] = {
            "id": row["id"],
            "type": row["type"],
            "label": row["type"],
            "strength": strength,
            "weight": strength,
            "strength_source": strength_source(row, int(row.get("interaction_count") or 0)),
            # the hand-set floor, exact: what an import of this file gives back (not the decayed
            # strength, which interactions keep moving)
            "strength_base": row.get("strength_base"),
            "properties": properties_of(row),
            "created_at": row.get("created_at"),
            "updated_at": row.get("updated_at"),
        }
        if row.get("interaction_count"):
            data["interaction_count"] = int(row["interaction_count"])
            data["last_interaction_at"] = row.get("last_interaction_at")
        if row["type"] == "WORKS_AT":
            for key, value in data["properties"].items():
                if key in WORKS_AT_FLAT:
                    data[key] = value
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
                await self._add_nodes(graph, label, rows)
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
        await asyncio.to_thread(annotate, graph)
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
        ids, truncated = await self.neighborhood_ids(root_id, depth)
        return await self.of_ids(ids, truncated)

    async def for_file(self, fmt: ExportFormat, ids: list[str] | None, truncated: bool) -> Exported:
        """The whole graph (`ids` None) or these nodes' graph, as `fmt` can write it (an SVG's
        must be small enough to draw)."""
        exported = await (self.whole() if ids is None else self.of_ids(ids, truncated))
        if fmt is ExportFormat.SVG:
            check_drawable(exported.graph)
        return exported

    async def count_nodes(self) -> int:
        """The nodes a whole-graph export would hold."""
        return await self.repo.count_nodes()

    async def neighborhood_ids(self, root_id: str, depth: int) -> tuple[list[str], bool]:
        """The ids within `depth` hops of the root, the root first, nearest first; whether
        NEIGHBORHOOD_MAX_NODES cut them."""
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
        return list(seen), truncated

    async def of_ids(self, ids: list[str], truncated: bool = False) -> Exported:
        """The graph of these nodes (those that exist) and the edges among them."""
        graph = nx.MultiDiGraph()
        by_label: dict[Label, list[str]] = {Label.PERSON: [], Label.COMPANY: []}
        for start in range(0, len(ids), PAGE):
            found_rows: dict[Label, list[Row]] = {}
            for label, row in await self.repo.nodes_by_id(ids[start : start + PAGE]):
                found_rows.setdefault(label, []).append(row)
                if label in by_label:
                    by_label[label].append(row["id"])
            for label, rows in found_rows.items():
                await self._add_nodes(graph, label, rows)
        for label, members in by_label.items():
            for row in await self._edges_from(label, members):
                if row["target_id"] in graph:
                    self._add_edge(graph, row)
        await asyncio.to_thread(annotate, graph)
        return Exported(graph, truncated)
