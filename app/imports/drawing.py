"""What an exported graph needs to be drawn: each person's PageRank and segment, a colour and a
size per node, and an SVG picture of a neighborhood. No database here.

- PageRank and segments are relmap's own (app/analytics/graph.py: directed PageRank over the
  person-to-person edges weighted by current strength, Louvain communities), computed over the
  person-to-person edges of the exported graph: for a whole-graph export they are the
  influencers' and segments' numbers, for a neighborhood those of that neighborhood.
  A segment is named `louvain-<n>`, n counting segments from the largest (ties: smallest id).
- Colour: a person takes the colour of their current employer, a company its own, so an
  account and its people share one; people with no employer are grey, events amber. A
  company's colour is a hue derived from its id: the same in every export.
- Size: people from 6 (lowest PageRank of the export) to 30 (highest), companies 18, events 14.
"""

import colorsys
import hashlib
import math
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np

from app.analytics.graph import Algorithm, Projection, communities, pagerank
from app.common.kinds import RelType
from app.db.convert import now

PERSON_TO_PERSON = {RelType.KNOWS.value, RelType.REPORTS_TO.value, RelType.INFLUENCES.value}
NO_COMPANY = "#a0a0a0"
EVENT_COLOUR = "#e0a020"
PERSON_SIZE = (6.0, 30.0)
COMPANY_SIZE = 18.0
EVENT_SIZE = 14.0
SVG_MAX_NODES = 2_000  # a bigger neighborhood is not drawn (422): lower depth
SVG_SIDE = 1000.0
SVG_MARGIN = 60.0


def company_colour(company_id: str) -> str:
    """#rrggbb for a company: a hue from its id, fixed lightness and saturation."""
    digest = int(hashlib.sha1(company_id.encode(), usedforsecurity=False).hexdigest()[:8], 16)
    r, g, b = colorsys.hls_to_rgb((digest % 3600) / 3600.0, 0.5, 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def colour_of(data: dict[str, Any]) -> str:
    if data.get("kind") == "Event":
        return EVENT_COLOUR
    company_id = data.get("company_id")
    return company_colour(company_id) if isinstance(company_id, str) else NO_COMPANY


def size_of(data: dict[str, Any], lowest: float, highest: float) -> float:
    """The node's drawn size; `lowest`/`highest`: the export's extreme PageRanks."""
    kind = data.get("kind")
    if kind == "Company":
        return COMPANY_SIZE
    if kind == "Event":
        return EVENT_SIZE
    low, high = PERSON_SIZE
    rank = data.get("pagerank")
    if not isinstance(rank, float | int) or highest <= lowest:
        return (low + high) / 2
    return round(low + (high - low) * (float(rank) - lowest) / (highest - lowest), 3)


def pagerank_range(graph: nx.MultiDiGraph) -> tuple[float, float]:
    ranks = [d["pagerank"] for _, d in graph.nodes(data=True) if "pagerank" in d]
    return (min(ranks), max(ranks)) if ranks else (0.0, 0.0)


def annotate(graph: nx.MultiDiGraph) -> None:
    """Give every person of the graph its `pagerank` and `segment`, every node its `color`."""
    ids = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "Person")
    index = {pid: i for i, pid in enumerate(ids)}
    src: list[int] = []
    dst: list[int] = []
    strength: list[float] = []
    influence: list[bool] = []
    for u, v, d in graph.edges(data=True):
        if d.get("type") in PERSON_TO_PERSON and u in index and v in index:
            src.append(index[u])
            dst.append(index[v])
            strength.append(float(d.get("strength") or 0.0))
            influence.append(d["type"] == RelType.INFLUENCES.value)
    projection = Projection(
        ids=ids,
        tags=[[] for _ in ids],
        companies=[[] for _ in ids],
        company_info={},
        src=np.asarray(src, dtype=np.int32),
        dst=np.asarray(dst, dtype=np.int32),
        strength=np.asarray(strength, dtype=np.float64),
        influence=np.asarray(influence, dtype=bool),
        built_at=now(),
    )
    ranks = pagerank(projection)
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(communities(projection, Algorithm.LOUVAIN).membership):
        groups.setdefault(c, []).append(v)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(ids[v] for v in g)))
    for n, members in enumerate(ordered):
        for v in members:
            data = graph.nodes[ids[v]]
            data["pagerank"] = float(ranks[v])
            data["segment"] = f"louvain-{n}"
    for _, data in graph.nodes(data=True):
        data["color"] = colour_of(data)


# -- SVG ---------------------------------------------------------------------------------------


def _layout(graph: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold (networkx's spring layout, seeded: the same graph is drawn the same
    way), stronger edges pulling harder, scaled into the picture."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, d in graph.edges(data=True):
        weight = max(float(d.get("strength") or 0.0), 0.05)
        if u != v and (not simple.has_edge(u, v) or simple[u][v]["weight"] < weight):
            simple.add_edge(u, v, weight=weight)
    if simple.number_of_nodes() == 1:
        return {n: (SVG_SIDE / 2, SVG_SIDE / 2) for n in simple.nodes}
    spread = 2.0 / math.sqrt(max(simple.number_of_nodes(), 1))
    pos = nx.spring_layout(simple, k=spread, weight="weight", seed=20261122, iterations=200)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    inner = SVG_SIDE - 2 * SVG_MARGIN
    return {
        n: (
            round(SVG_MARGIN + (p[0] - min(xs)) / span * inner, 2),
            round(SVG_MARGIN + (p[1] - min(ys)) / span * inner, 2),
        )
        for n, p in pos.items()
    }


def svg(graph: nx.MultiDiGraph, root: str | None = None) -> Iterator[str]:
    """The graph drawn: a line per edge (width by strength), a circle per node (colour and size
    as in GEXF) with its name beside it; the root is outlined. Every element carries its id."""
    pos = _layout(graph)
    lowest, highest = pagerank_range(graph)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_SIDE:g} {SVG_SIDE:g}" '
        f'width="{SVG_SIDE:g}" height="{SVG_SIDE:g}" font-family="sans-serif" font-size="11">'
    )
    yield '<rect width="100%" height="100%" fill="#ffffff"/>'
    yield '<g class="edges" stroke="#888888" stroke-opacity="0.6">'
    for u, v, key, d in graph.edges(keys=True, data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        width = round(0.5 + 4.5 * float(d.get("strength") or 0.0), 2)
        title = escape(f"{d.get('type')} {float(d.get('strength') or 0.0):.2f}")
        yield (
            f"<line data-id={quoteattr(str(key))} data-type={quoteattr(str(d.get('type')))} "
            f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}">'
            f"<title>{title}</title></line>"
        )
    yield "</g>"
    yield '<g class="nodes" stroke="#ffffff" stroke-width="1.5">'
    for node, d in graph.nodes(data=True):
        x, y = pos[node]
        radius = round(size_of(d, lowest, highest) / 2, 2)
        outline = ' stroke="#000000" stroke-width="3"' if node == root else ""
        name = str(d.get("name") or node)
        yield (
            f"<circle data-id={quoteattr(str(node))} data-kind={quoteattr(str(d.get('kind')))} "
            f'cx="{x}" cy="{y}" r="{radius}" fill="{d.get("color") or NO_COMPANY}"{outline}>'
            f"<title>{escape(name)}</title></circle>"
        )
    yield "</g>"
    yield '<g class="labels" fill="#222222">'
    for node, d in graph.nodes(data=True):
        x, y = pos[node]
        offset = round(size_of(d, lowest, highest) / 2 + 3, 2)
        name = escape(str(d.get("name") or node))
        yield f'<text x="{round(x + offset, 2)}" y="{round(y + 4, 2)}">{name}</text>'
    yield "</g></svg>"
