"""Export files written element by element, off the event loop: the same documents networkx's
own node_link_data / cytoscape_data give (the oracle), and the graph emptied after streaming so
its memory goes back without a full garbage collection."""

import asyncio
import json
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any, cast

import networkx as nx
import pytest

from app.imports.formats import flatten, render, stream
from app.imports.schemas import ExportFormat

pytestmark = pytest.mark.anyio


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    when = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)
    g.add_node("p1", kind="Person", label="Ada", name="Ada", tags=["vip"], created_at=when)
    g.add_node("p2", kind="Person", label="Ünal", name="Ünal", tags=[], attributes={"k": 1})
    g.add_node("c1", kind="Company", label="c1", id="odd", email=None, attributes={})
    g.add_node("e1", kind="Event", label="Launch")
    g.add_edge("p1", "p2", key="r1", id="r1", type="KNOWS", strength=0.7, properties={})
    g.add_edge("p1", "p2", key="r2", id="r2", type="INFLUENCES", strength=0.2, updated_at=when)
    g.add_edge("p2", "c1", key="r3", id="r3", type="WORKS_AT", strength=1.0, properties=None)
    return g


def oracle(fmt: ExportFormat) -> Any:
    flat = flatten(graph(), fmt)
    if fmt is ExportFormat.CYTOSCAPE:
        return nx.cytoscape_data(flat)
    return nx.node_link_data(flat, edges="edges")


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CYTOSCAPE])
def test_json_documents_are_networkx_documents(fmt: ExportFormat) -> None:
    written = b"".join(render(graph(), fmt))
    assert json.loads(written) == oracle(fmt)
    assert written == json.dumps(oracle(fmt), separators=(",", ":")).encode()


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_stream_gives_the_rendered_file_and_empties_the_graph(fmt: ExportFormat) -> None:
    g = graph()
    chunks = [chunk async for chunk in stream(g, fmt)]
    assert b"".join(chunks) == b"".join(render(graph(), fmt))
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0


async def test_an_abandoned_stream_empties_the_graph_too() -> None:
    g = graph()
    chunks = cast(AsyncGenerator[bytes, None], stream(g, ExportFormat.GRAPHML))
    assert (await anext(chunks)).startswith(b"<graphml")
    await chunks.aclose()
    assert g.number_of_nodes() == 0


async def test_the_event_loop_runs_while_a_file_is_written() -> None:
    """Rendering happens in a worker thread: a coroutine scheduled meanwhile gets to run."""
    g = nx.MultiDiGraph()
    for i in range(3000):
        g.add_node(f"n{i}", kind="Person", label=f"n{i}", tags=["a", "b"], attributes={"i": i})
        g.add_edge(f"n{i}", f"n{(i * 7) % 3000}", key=f"r{i}", id=f"r{i}", type="KNOWS")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    first = await anext(stream(g, ExportFormat.GRAPHML))  # the whole document is built here
    ticker.cancel()
    assert first.startswith(b"<graphml")
    assert ticks > 0
