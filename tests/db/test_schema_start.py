"""The first start of several API processes on a database without relmap's schema: they all
create it at once (which deadlocks in Neo4j's schema locks, or races past IF NOT EXISTS), and
nothing of theirs may write a keyed node before its constraint exists. Real uvicorn processes.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest
from fastapi import FastAPI
from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import TransientError

from app.db.queries import Query, QueryRegistry
from tests.neo4j_server import Server
from tests.processes import await_ready, spawn_api

pytestmark = pytest.mark.anyio
QUERIES = QueryRegistry.load(Path(__file__).resolve().parents[1] / "cypher")
PROCESSES = 3


@pytest.fixture
async def driver(neo4j: Server) -> AsyncIterator[AsyncDriver]:
    async with AsyncGraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password)) as d:
        yield d


async def run(driver: AsyncDriver, query: Query, **params: str) -> list[dict[str, object]]:
    async with driver.session() as session:  # auto-commit: schema commands included
        return [record.data() async for record in await session.run(query.text, params)]


async def schema_rules(driver: AsyncDriver) -> set[str]:
    constraints = await run(driver, QUERIES["list_constraints"])
    indexes = await run(driver, QUERIES["list_indexes"])
    return {f"constraint {r['name']}" for r in constraints} | {
        f"index {r['name']}" for r in indexes
    }


async def drop_schema(driver: AsyncDriver, rules: AbstractSet[str]) -> None:
    """The schema's rules (those given) and the scan markers gone, as in a new database. Running
    processes may notice the first rule gone and apply the schema again while the rest are
    being dropped: a drop that deadlocks with them on the schema's locks is tried again."""
    for rule in rules:
        kind, name = rule.split(" ", 1)
        for attempt in range(10):
            try:
                await run(driver, QUERIES[f"drop_{kind}"], name=name)
                break
            except TransientError:
                if attempt == 9:
                    raise
                await asyncio.sleep(0.1 * (attempt + 1))
    await run(driver, QUERIES["delete_signal_scans"])


async def scan_markers(
    driver: AsyncDriver, within_s: float, schema: set[str]
) -> dict[object, object]:
    """How many copies of each scan marker there are, once both exist and the schema is
    `schema` (or after within_s)."""
    deadline = time.monotonic() + within_s
    markers: dict[object, object] = {}
    while time.monotonic() < deadline and (
        set(markers) != {"decay", "graph"} or await schema_rules(driver) != schema
    ):
        await asyncio.sleep(0.5)
        rows = await run(driver, QUERIES["count_signal_scans"])
        markers = {row["key"]: row["copies"] for row in rows}
    return markers


async def restore(app: FastAPI) -> None:
    """Whatever happened, the next tests get their schema: the graph emptied first, so that
    twin keyed nodes a failed test left cannot stop its constraint (and so hide the failure
    behind the one this would raise)."""
    await app.state.db.wipe()
    await app.state.db.apply_schema()


async def test_processes_starting_at_once_on_an_empty_schema_all_get_ready_with_one_scan_marker(
    app: FastAPI, driver: AsyncDriver, neo4j: Server, tmp_path: Path
) -> None:
    await app.state.db.wipe()
    applied = await schema_rules(driver)  # the schema as one process applied it (the test app)
    assert any(rule.startswith("constraint signal_scan_key") for rule in applied)
    try:
        await drop_schema(driver, applied)
        assert await schema_rules(driver) == set()

        # scans due at once, both scanners on: each process MERGEs the markers straight away
        env = {"RELMAP_SIGNAL_SCAN_S": "1", "RELMAP_GRAPH_SIGNALS": "true"}
        apis = [spawn_api(neo4j, tmp_path, f"api-{i}", **env) for i in range(PROCESSES)]
        try:
            for api in apis:
                await asyncio.to_thread(await_ready, api, 90)
            assert await schema_rules(driver) == applied
            assert await scan_markers(driver, 30, applied) == {"decay": 1, "graph": 1}
            logs = [api.log.read_text() for api in apis]
            assert not any("Traceback" in log for log in logs), logs
        finally:
            for api in apis:
                api.stop()
    finally:
        await restore(app)


@pytest.mark.parametrize("dropped", ["all of it", "one constraint"])
async def test_running_processes_put_the_schema_back_when_the_database_is_replaced(
    app: FastAPI, driver: AsyncDriver, neo4j: Server, tmp_path: Path, dropped: str
) -> None:
    """A database wiped or restored under running API processes has no schema (or, caught
    while another process puts it back, only part of it): their background scans, which no
    request wakes, confirm all of it before they write, apply it again, and still leave one
    scan marker each."""
    await app.state.db.wipe()
    applied = await schema_rules(driver)
    gone = applied if dropped == "all of it" else {"constraint signal_scan_key"}
    env = {"RELMAP_SIGNAL_SCAN_S": "1", "RELMAP_GRAPH_SIGNALS": "true"}
    apis = [spawn_api(neo4j, tmp_path, f"api-{i}", **env) for i in range(PROCESSES)]
    try:
        for api in apis:
            await asyncio.to_thread(await_ready, api, 90)
        await drop_schema(driver, gone)  # the database replaced under them
        markers = await scan_markers(driver, 45, applied)
        assert await schema_rules(driver) == applied
        assert markers == {"decay": 1, "graph": 1}
        logs = [api.log.read_text() for api in apis]
        assert not any("Traceback" in log for log in logs), logs
    finally:
        for api in apis:
            api.stop()
        await restore(app)
