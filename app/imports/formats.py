"""Files in and out: JSON and CSV import bodies, GraphML/GEXF graphs (read and written by
networkx), node-link JSON and Cytoscape JSON. No database here."""

import asyncio
import csv
import ctypes
import ctypes.util
import gc
import io
import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from app.common.kinds import ENDPOINTS, Label, RelType
from app.common.schemas import MAX_DEPTH
from app.errors import Unprocessable
from app.imports.drawing import colour_of, pagerank_range, rgb, size_of, svg
from app.imports.schemas import Entity, ExportFormat, ExportPart, ImportFormat

Payload = dict[Entity, list[Any]]

# -- JSON --------------------------------------------------------------------------------------


def _bad(detail: str, loc: list[str | int] | None = None) -> Unprocessable:
    return Unprocessable(detail, errors=[{"loc": loc or ["body"], "msg": detail}])


def parse_json(body: bytes) -> Payload | nx.Graph:
    """Import rows, or the graph of a node-link document (relmap's own JSON export)."""
    try:
        data = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad(f"the body is not JSON: {exc}") from None
    except RecursionError:
        raise _bad(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(data, dict):
        raise _bad(
            "the body must be a JSON object with people, companies, relationships, interactions"
        )
    if _node_link_shape(data):
        return _node_link_graph(data)
    unknown = sorted(set(data) - {e.value for e in Entity})
    if unknown:
        raise _bad(
            f"unknown field {unknown[0]!r}; use people, companies, relationships, interactions",
            ["body", unknown[0]],
        )
    payload: Payload = {}
    for entity in Entity:
        rows = data.get(entity.value, [])
        if not isinstance(rows, list):
            raise _bad(f"{entity.value} must be a list of rows", ["body", entity.value])
        payload[entity] = rows
    return payload


def _node_link_shape(data: dict[str, Any]) -> bool:
    """A node-link document (relmap's own JSON export, networkx's node_link_data, D3)."""
    return isinstance(data.get("nodes"), list) and (
        isinstance(data.get("edges"), list) or isinstance(data.get("links"), list)
    )


def _node_link_graph(data: dict[str, Any]) -> nx.Graph:
    edges = "edges" if isinstance(data.get("edges"), list) else "links"
    document = {**data, "multigraph": True, "directed": bool(data.get("directed", True))}
    try:
        return nx.node_link_graph(document, edges=edges)
    except (nx.NetworkXError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad(f"not a readable node-link document: missing or bad {exc}") from None


# -- CSV ---------------------------------------------------------------------------------------

# The columns of each entity's CSV (docs/import.md). Lists are ';'-separated, maps are JSON.
CSV_COLUMNS: dict[Entity, tuple[str, ...]] = {
    Entity.PEOPLE: (
        "external_id",
        "name",
        "email",
        "title",
        "location",
        "tags",
        "is_team",
        "attributes",
        "company",
        "role",
        "department",
    ),
    Entity.COMPANIES: (
        "external_id",
        "name",
        "domain",
        "industry",
        "size",
        "location",
        "tags",
        "attributes",
    ),
    Entity.RELATIONSHIPS: (
        "type",
        "source_external_id",
        "target_external_id",
        "strength",
        "properties",
    ),
    Entity.INTERACTIONS: (
        "external_id",
        "kind",
        "occurred_at",
        "participant_external_ids",
        "summary",
        "sentiment",
    ),
    Entity.EVENTS: ("external_id", "name", "starts_on", "location"),
}
CSV_REQUIRED: dict[Entity, tuple[str, ...]] = {
    Entity.PEOPLE: ("external_id", "name"),
    Entity.COMPANIES: ("external_id", "name"),
    Entity.RELATIONSHIPS: ("type", "source_external_id", "target_external_id"),
    Entity.INTERACTIONS: ("external_id", "kind", "occurred_at", "participant_external_ids"),
    Entity.EVENTS: ("external_id", "name"),
}
_LIST_COLUMNS = {"tags", "participant_external_ids"}
_MAP_COLUMNS = {"attributes", "properties"}


def _csv_value(column: str, text: str) -> Any:
    if column in _LIST_COLUMNS:
        return [part.strip() for part in text.split(";") if part.strip()]
    if column in _MAP_COLUMNS:
        try:
            return json.loads(text)
        except ValueError:
            return text  # not a map: the row's validation says so
    return text


def parse_csv(body: bytes, entity: Entity | None) -> Payload:
    if entity is None:
        raise _bad(
            "a CSV import needs ?entity=people|companies|relationships|interactions",
            ["query", "entity"],
        )
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad("the CSV must be UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    columns = CSV_COLUMNS[entity]
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise _bad(
            f"unknown column {unknown[0]!r}; {entity.value} columns are {', '.join(columns)}"
        )
    missing = [c for c in CSV_REQUIRED[entity] if c not in header]
    if missing:
        raise _bad(f"the header row lacks the column {missing[0]!r}")
    rows: list[Any] = []
    try:
        for record in reader:
            extra = record.get(None)
            if extra:
                rows.append({"extra_cells": extra})  # the row's validation rejects it
                continue
            rows.append(
                {
                    k: _csv_value(k, v)
                    for k, v in record.items()
                    if v is not None and v.strip() != ""
                }
            )
    except csv.Error as exc:
        raise _bad(f"the CSV is malformed at line {reader.line_num}: {exc}") from None
    return {entity: rows}


# -- GraphML / GEXF in -------------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_GEXF_VERSION = re.compile(rb'xmlns="https?:///?(?:www\.)?gexf\.net/([0-9.]+)(draft)?/?"')
# The root element of a GEXF file: its namespaces are spelled as networkx's reader expects
_GEXF_ROOT = re.compile(rb"<gexf\b[^>]*>")
_GEXF_NS = re.compile(rb'"https?:///?(?:www\.)?gexf\.net/([0-9.]+)(draft)?(/viz)?/?"')
# GEXF attribute types networkx does not read, as the ones it does
_GEXF_TYPES = re.compile(rb'(<attribute\b[^>]*\btype=")([a-z]+)(")')
_GEXF_AS = {b"short": b"long", b"byte": b"long", b"biginteger": b"long", b"bigdecimal": b"double"}
_GEXF_READS = {b"integer", b"long", b"float", b"double", b"boolean", b"string", b"liststring"}
_GEXF_VERSIONS = {b"1.1": "1.1draft", b"1.2": "1.2draft", b"1.3": "1.3"}
_KINDS = {"person": Label.PERSON, "company": Label.COMPANY, "event": Label.EVENT}
_NODE_FIELDS: dict[Label, tuple[str, ...]] = {
    Label.PERSON: ("email", "title", "location", "tags", "is_team"),
    Label.COMPANY: ("domain", "industry", "size", "location", "tags"),
    Label.EVENT: ("starts_on", "location"),
}
# Attributes that describe the file, not the node: not folded into `attributes`. Besides the
# node's own fields: what relmap's export derives (company, role, pagerank, ...) and what Gephi
# writes for drawing (viz; in GraphML r, g, b, x, y, z, size).
_RESERVED = {
    "kind",
    "label",
    "name",
    "external_id",
    "attributes",
    "id",
    "created_at",
    "updated_at",
    "viz",
    "value",
    "labels",
    "starts_on",
    "email",
    "title",
    "location",
    "tags",
    "is_team",
    "domain",
    "industry",
    "size",
    "company",
    "company_id",
    "role",
    "segment",
    "pagerank",
    "color",
    "r",
    "g",
    "b",
    "x",
    "y",
    "z",
}
# The typed fields of WORKS_AT that a file may give flat on the edge, not inside `properties`
_WORKS_AT_FLAT = ("title", "role", "department", "since", "until", "current")
_STRENGTH_SOURCES = {"default", "manual", "interactions", "manual+interactions"}


def _gexf_body(body: bytes) -> tuple[bytes, str]:
    """The GEXF file with the namespaces of its root element spelled as networkx reads them
    (Gephi has written www.gexf.net/1.3 as well as gexf.net/1.3), attribute types networkx has
    no reader for (short, byte, date, listinteger, ...) read as numbers or text, and its
    version for networkx (1.1draft, 1.2draft or 1.3)."""
    root = _GEXF_ROOT.search(body[:4000])
    match = _GEXF_VERSION.search(root.group(0)) if root else None
    version = _GEXF_VERSIONS.get(match.group(1), "1.2draft") if match else "1.2draft"
    if root is not None:
        spelled = nx.readwrite.gexf.GEXF.versions[version]

        def canonical(m: re.Match[bytes]) -> bytes:
            ns: str = spelled["NS_VIZ"] if m.group(3) else spelled["NS_GEXF"]
            return b'"' + ns.encode() + b'"'

        head = _GEXF_NS.sub(canonical, root.group(0))
        body = body[: root.start()] + head + body[root.end() :]

    def readable(m: re.Match[bytes]) -> bytes:
        kind = m.group(2)
        if kind in _GEXF_READS:
            return m.group(0)
        return m.group(1) + _GEXF_AS.get(kind, b"string") + m.group(3)

    return _GEXF_TYPES.sub(readable, body), version


def read_graph(body: bytes, fmt: ImportFormat) -> nx.Graph:
    if _DOCTYPE.search(body):
        raise _bad("DOCTYPE and ENTITY declarations are not accepted in graph files")
    try:
        if fmt is ImportFormat.GRAPHML:
            return nx.read_graphml(io.BytesIO(body))
        text, version = _gexf_body(body)
        return nx.read_gexf(io.BytesIO(text), version=version)
    except (ParseError, nx.NetworkXError, KeyError, ValueError, TypeError, IndexError) as exc:
        raise _bad(f"not a readable {fmt.value} file: {exc}") from None


def _kind(data: dict[str, Any]) -> Label | None:
    for key in ("kind", "label", "labels", "type"):
        value = data.get(key)
        if isinstance(value, str):
            kind = _KINDS.get(value.strip().strip(":").lower())
            if kind is not None:
                return kind
    return None


def _tags(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                return json.loads(stripped)
            except ValueError:
                return value
        return [part.strip() for part in stripped.split(";") if part.strip()]
    return value


def _map(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else {}
        except ValueError:
            return value
    return value


def _rel_type(data: dict[str, Any]) -> str | None:
    keys = ("type", "rel_type", "label", "Edge Label", "edgelabel")
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip().upper() in RelType.__members__:
            return value.strip().upper()
    value = data.get("type") or data.get("rel_type")
    return value if isinstance(value, str) else None


def _node_row(node: Any, data: dict[str, Any], kind: Label, ext: str) -> dict[str, Any]:
    label = data.get("label")
    name = (
        data.get("name")
        or (label if isinstance(label, str) and not _kind({"kind": label}) else None)
        or str(node)
    )
    row: dict[str, Any] = {"external_id": ext, "name": name}
    for key in _NODE_FIELDS[kind]:
        value = data.get(key)
        if value is None or value == "":
            continue
        if key == "size" and isinstance(value, float | bool):
            continue  # a float size is the size Gephi draws a node at, not a headcount
        row[key] = _tags(value) if key == "tags" else value
    if kind is Label.EVENT:
        return row
    attributes = _map(data.get("attributes")) if "attributes" in data else {}
    extra = {
        k: v
        for k, v in data.items()
        if k not in _RESERVED and isinstance(v, str | int | float | bool)
    }
    if extra and isinstance(attributes, dict):
        attributes = {**extra, **attributes}
    if attributes:
        row["attributes"] = attributes
    return row


def _strength(data: dict[str, Any]) -> Any:
    """The strength an edge row sets by hand, or None. relmap's own files say where a strength
    comes from: only a hand-set one (`manual`, or the `strength_base` floor under interactions)
    is given back; a default or an interaction-derived (decaying) strength is left to the graph.
    Other files' `strength` is set by hand."""
    source = data.get("strength_source")
    if isinstance(source, str) and source in _STRENGTH_SOURCES:
        if not source.startswith("manual"):
            return None
        base = data.get("strength_base")
        return base if base is not None else data.get("strength")
    return data.get("strength")


def _edge_properties(rel_type: str | None, data: dict[str, Any]) -> Any:
    if data.get("properties") not in (None, ""):
        return _map(data["properties"])
    if rel_type != RelType.WORKS_AT:
        return None
    flat = {k: data[k] for k in _WORKS_AT_FLAT if data.get(k) not in (None, "")}
    return flat or None


def graph_payload(graph: nx.Graph) -> tuple[Payload, list[tuple[int, str]]]:
    """A graph file -> import rows, and (node index, message) for nodes that are neither a
    person, a company nor an event. Nodes are keyed by their external_id attribute, else the
    file's id (relmap's own export gives a node without an external_id its relmap id: the
    import finds that node again by it)."""
    rows: dict[Label, list[Any]] = {label: [] for label in _KINDS.values()}
    bad: list[tuple[int, str]] = []
    external: dict[Any, str] = {}
    kinds: dict[Any, Label] = {}
    for index, (node, data) in enumerate(graph.nodes(data=True)):
        kind = _kind(data)
        ext = str(data.get("external_id") or node)
        external[node] = ext
        if kind is None:
            bad.append((index, f"node {node!r} has no kind (Person, Company or Event)"))
            continue
        kinds[node] = kind
        rows[kind].append(_node_row(node, data, kind, ext))
    relationships: list[Any] = []
    edges: Iterable[tuple[Any, Any, dict[str, Any]]] = graph.edges(data=True)
    for source, target, data in edges:
        rel_type = _rel_type(data)
        if not graph.is_directed() and rel_type is not None and rel_type in RelType.__members__:
            # an undirected file may list a Person -> Company edge from the company's side
            ends = ENDPOINTS[RelType(rel_type)]
            pair = (kinds.get(source), kinds.get(target))
            if pair not in ends and pair[::-1] in ends:
                source, target = target, source
        edge: dict[str, Any] = {
            "type": rel_type,
            "source_external_id": external[source],
            "target_external_id": external[target],
        }
        strength = _strength(data)
        if strength is not None:
            edge["strength"] = strength
        properties = _edge_properties(rel_type, data)
        if properties is not None:
            edge["properties"] = properties
        relationships.append(edge)
    payload: Payload = {
        Entity.PEOPLE: rows[Label.PERSON],
        Entity.COMPANIES: rows[Label.COMPANY],
        Entity.EVENTS: rows[Label.EVENT],
        Entity.RELATIONSHIPS: relationships,
    }
    return payload, bad


# -- out ---------------------------------------------------------------------------------------

MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.JSON: "application/json",
    ExportFormat.CYTOSCAPE: "application/json",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.CSV: "text/csv",
    ExportFormat.SVG: "image/svg+xml",
}
EXTENSIONS: dict[ExportFormat, str] = {
    ExportFormat.JSON: "json",
    ExportFormat.CYTOSCAPE: "cyjs",
    ExportFormat.GRAPHML: "graphml",
    ExportFormat.GEXF: "gexf",
    ExportFormat.CSV: "csv",
    ExportFormat.SVG: "svg",
}
# The columns of format=csv (docs/import.md); a value that is a map is JSON text
NODE_COLUMNS = (
    "id",
    "kind",
    "label",
    "name",
    "title",
    "company",
    "company_id",
    "role",
    "industry",
    "tags",
    "is_team",
    "segment",
    "pagerank",
    "color",
    "email",
    "location",
    "domain",
    "size",
    "starts_on",
    "external_id",
    "attributes",
    "created_at",
    "updated_at",
)
EDGE_COLUMNS = (
    "id",
    "source",
    "target",
    "type",
    "strength",
    "strength_source",
    "strength_base",
    "title",
    "role",
    "department",
    "since",
    "until",
    "current",
    "interaction_count",
    "last_interaction_at",
    "properties",
    "created_at",
    "updated_at",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _flat(value: Any) -> Any:
    """GraphML and GEXF hold scalars only: lists and maps become JSON text."""
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)
    return _plain(value)


def _convert(data: dict[str, Any], conv: Callable[[Any], Any]) -> None:
    converted = {k: conv(v) for k, v in data.items() if v is not None}
    data.clear()
    data.update(converted)


def flatten(graph: nx.MultiDiGraph, fmt: ExportFormat) -> nx.MultiDiGraph:
    """The graph made fit for the format, in place (an exported graph is written once, then
    dropped; a copy doubled an export's memory): scalars for GraphML/GEXF (GEXF's `type` is
    reserved for the edge direction, so the relationship type is `rel_type` there), plain JSON
    otherwise."""
    xml = fmt in (ExportFormat.GRAPHML, ExportFormat.GEXF, ExportFormat.CSV)
    conv = _flat if xml else _plain
    lowest, highest = pagerank_range(graph) if fmt is ExportFormat.GEXF else (0.0, 0.0)
    for _, data in graph.nodes(data=True):
        _convert(data, conv)
        if fmt is ExportFormat.GEXF:
            # viz:color and viz:size (app/imports/drawing.py); the GEXF label is the name
            colour = data.get("color") or colour_of(data)
            data["viz"] = {
                "color": {**rgb(colour), "a": 1.0},
                "size": size_of(data, lowest, highest),
            }
    for _, _, data in graph.edges(data=True):
        _convert(data, conv)
        if fmt is ExportFormat.GEXF:
            data["rel_type"] = data.pop("type")
    return graph


def _grouped(parts: Iterable[str], sep: str = "\n", size: int = 64 * 1024) -> Iterator[bytes]:
    buffer: list[str] = []
    length = 0
    for part in parts:
        buffer.append(part)
        if sep:
            buffer.append(sep)
        length += len(part) + len(sep)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


_JSON = json.JSONEncoder(separators=(",", ":"))


def _node_link(graph: nx.MultiDiGraph) -> Iterator[str]:
    """nx.node_link_data(graph, edges="edges") as JSON text, a node or an edge at a time
    (node_link_data builds the whole document first)."""
    head = {"directed": graph.is_directed(), "multigraph": True, "graph": graph.graph}
    yield _JSON.encode(head)[:-1] + ',"nodes":['
    for i, (node, data) in enumerate(graph.nodes(data=True)):
        yield ("," if i else "") + _JSON.encode({**data, "id": node})
    yield '],"edges":['
    for i, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True)):
        yield ("," if i else "") + _JSON.encode({**data, "source": u, "target": v, "key": key})
    yield "]}"


def _cytoscape(graph: nx.MultiDiGraph) -> Iterator[str]:
    """nx.cytoscape_data(graph) as JSON text, an element at a time."""
    head = {"data": list(graph.graph.items()), "directed": graph.is_directed(), "multigraph": True}
    yield _JSON.encode(head)[:-1] + ',"elements":{"nodes":['
    for i, (node, data) in enumerate(graph.nodes(data=True)):
        element = {
            **data,
            "id": data.get("id") or str(node),
            "value": node,
            "name": data.get("name") or str(node),
        }
        yield ("," if i else "") + _JSON.encode({"data": element})
    yield '],"edges":['
    for i, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True)):
        element = {**data, "source": u, "target": v, "key": key}
        yield ("," if i else "") + _JSON.encode({"data": element})
    yield "]}}"


def _csv_rows(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header row, then a row per item: one line each (text with a line break is quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv(graph: nx.MultiDiGraph, part: ExportPart) -> Iterator[str]:
    if part is ExportPart.NODES:
        return _csv_rows(NODE_COLUMNS, ({**d, "id": n} for n, d in graph.nodes(data=True)))
    edges = graph.edges(keys=True, data=True)
    return _csv_rows(EDGE_COLUMNS, ({**d, "source": u, "target": v} for u, v, _, d in edges))


def render(
    graph: nx.MultiDiGraph,
    fmt: ExportFormat,
    part: ExportPart = ExportPart.NODES,
    root: str | None = None,
) -> Iterator[bytes]:
    """The file in chunks: GraphML and GEXF by networkx's own writers, JSON and CSV element by
    element, SVG (a drawing of the graph around `root`) by app/imports/drawing.py. The graph
    is flattened in place (see flatten)."""
    if fmt is ExportFormat.SVG:
        return _grouped(svg(graph, root), "")
    flat = flatten(graph, fmt)
    if fmt is ExportFormat.CSV:
        return _grouped(_csv(flat, part), "")
    if fmt is ExportFormat.GRAPHML:
        return _grouped(nx.generate_graphml(flat, edge_id_from_attribute="id"))
    if fmt is ExportFormat.GEXF:
        return _grouped(nx.generate_gexf(flat))
    parts = _cytoscape(flat) if fmt is ExportFormat.CYTOSCAPE else _node_link(flat)
    return _grouped(parts, "")


# glibc's malloc_trim: hands the free pages of malloc's heaps back to the OS (None elsewhere)
_LIBC = ctypes.util.find_library("c")
_MALLOC_TRIM = getattr(ctypes.CDLL(_LIBC), "malloc_trim", None) if _LIBC else None
BIG_EXPORT = 5_000  # nodes from which an export's memory is given back when it ends


def give_back() -> None:
    """After a big export: a full collection (app/main.py `_tune_gc` makes them rare, and the
    exported graph's cached views are cycles), then glibc's free pages back to the OS. Tens of
    milliseconds, against seconds for the export itself."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


async def stream(
    graph: nx.MultiDiGraph,
    fmt: ExportFormat,
    part: ExportPart = ExportPart.NODES,
    root: str | None = None,
) -> AsyncIterator[bytes]:
    """render() off the event loop, a chunk at a time (the GraphML and GEXF writers build the
    whole document in their first chunk). At the end the graph is emptied: networkx caches
    views on a graph that point back at it, so a dropped graph is a reference cycle that only a
    full collection frees, and app/main.py `_tune_gc` makes those rare; emptied, its nodes and
    edges go back at once by reference counting. After a big export, give_back()."""
    big = graph.number_of_nodes() >= BIG_EXPORT
    chunks: Iterator[bytes] | None = None
    try:
        chunks = await asyncio.to_thread(render, graph, fmt, part, root)
        while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
            yield chunk
    finally:
        chunks = None  # the writer's generator holds the document it built
        graph.clear()
        if big:
            await asyncio.to_thread(give_back)
