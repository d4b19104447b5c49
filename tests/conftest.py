"""Fixtures: one real Neo4j per session, a fresh app per test, the database wiped before each."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.main import create_app
from tests.neo4j_server import Server, neo4j_server


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


_used: list[str] = []


@pytest.fixture(scope="session")
def neo4j() -> Iterator[Server]:
    with neo4j_server() as server:
        _used.append(server.source)
        yield server


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _used:
        terminalreporter.write_line(f"Neo4j used by this run: {_used[0]}")


@pytest.fixture(scope="session")
def settings(neo4j: Server) -> Settings:
    # A generous query timeout: set-up loads of thousands of rows must not fail on a machine
    # that runs other suites at once (tests that are about the timeout set their own).
    return Settings(
        neo4j_uri=neo4j.uri,
        neo4j_user=neo4j.user,
        neo4j_password=neo4j.password,
        query_timeout_s=30.0,
        # the graph-signal scan would record coverage changes amid other tests' feeds: its
        # tests run it themselves (tests/changes/test_graph_signals.py)
        relmap_graph_signals=False,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings, neo4j: Server) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        assert application.state.schema.ready, "schema was not applied at start-up"
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    await app.state.db.wipe()  # moves the graph version on: no cache survives it
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
        yield http


@pytest.fixture
def make_app(settings: Settings) -> Any:
    """A second app with other settings (auth keys, body limits), sharing the same Neo4j."""

    def build(**overrides: Any) -> FastAPI:
        return create_app(settings.model_copy(update=overrides))

    return build
