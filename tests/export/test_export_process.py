"""Exports of at least RELMAP_EXPORT_PROCESS_NODES nodes are built by a child process
(app/imports/export_process.py): the same file, byte for byte, as the API process writes for a
smaller graph, and the child's problems answered as problems."""

import asyncio
import os
import random
import signal
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.imports import export_process
from tests.export.test_export import load_karate
from tests.helpers import assert_problem
from tests.neo4j_server import Server
from tests.processes import api_processes

pytestmark = pytest.mark.anyio

# every format, and a neighborhood in each kind of writer (svg only draws neighborhoods)
ASKED: list[dict[str, Any]] = [
    {"format": "json"},
    {"format": "graphml"},
    {"format": "gexf"},
    {"format": "cytoscape"},
    {"format": "csv", "part": "nodes"},
    {"format": "csv", "part": "edges"},
    {"format": "json", "root_id": "k0", "depth": 2},
    {"format": "graphml", "root_id": "k33", "depth": 1},
    {"format": "svg", "root_id": "k0", "depth": 1},
]


@pytest.fixture
async def in_child(make_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A second app that hands every export to a child process."""
    app: FastAPI = make_app(relmap_export_process_nodes=0)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            yield http


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[asyncio.subprocess.Process]:
    """The child processes started for exports."""
    started: list[asyncio.subprocess.Process] = []
    spawn = asyncio.create_subprocess_exec

    async def counted(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        proc = await spawn(*args, **kwargs)
        started.append(proc)
        return proc

    monkeypatch.setattr(asyncio, "create_subprocess_exec", counted)
    return started


async def ids_by_external(client: httpx.AsyncClient) -> dict[str, str]:
    found: dict[str, str] = {}
    for ext in ("k0", "k33"):
        page = (await client.get("/v1/people", params={"external_id": ext})).json()
        found[ext] = page["items"][0]["id"]
    return found


async def test_a_child_writes_the_same_file_as_the_api_process(
    client: httpx.AsyncClient,
    in_child: httpx.AsyncClient,
    children: list[asyncio.subprocess.Process],
) -> None:
    await load_karate(client)
    ids = await ids_by_external(client)
    for asked in ASKED:
        params = {**asked}
        if "root_id" in params:
            params["root_id"] = ids[params["root_id"]]
        here = await client.get("/v1/export", params=params)
        assert here.status_code == 200, here.text
        assert not children, "a 36-node graph is exported by the API process itself"
        there = await in_child.get("/v1/export", params=params)
        assert there.status_code == 200, there.text
        assert len(children) == 1, f"{asked}: no child process wrote it"
        assert children.pop().returncode == 0
        assert there.headers["content-type"] == here.headers["content-type"]
        assert there.headers["content-disposition"] == here.headers["content-disposition"]
        assert there.headers["x-relmap-truncated"] == here.headers["x-relmap-truncated"]
        assert len(there.content) > 500
        assert there.content == here.content, f"{asked}: the files differ"


async def test_a_child_that_cannot_reach_neo4j_is_a_503(
    client: httpx.AsyncClient,
    in_child: httpx.AsyncClient,
    children: list[asyncio.subprocess.Process],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await load_karate(client)
    asked = export_process.job

    def unreachable(*args: Any) -> dict[str, Any]:
        request = asked(*args)
        request["settings"].update(neo4j_uri="bolt://127.0.0.1:9", query_timeout_s=2.0)
        return request

    monkeypatch.setattr(export_process, "job", unreachable)
    response = await in_child.get("/v1/export", params={"format": "gexf"})
    assert_problem(response, 503)
    assert "unreachable" in response.json()["detail"]
    assert len(children) == 1 and children[0].returncode == 0


async def test_an_unknown_root_is_a_404_before_any_child_starts(
    client: httpx.AsyncClient,
    in_child: httpx.AsyncClient,
    children: list[asyncio.subprocess.Process],
) -> None:
    await load_karate(client)
    response = await in_child.get("/v1/export", params={"format": "json", "root_id": "nobody"})
    assert_problem(response, 404)
    assert not children


def export_children(pid: int) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-P", str(pid), "-f", "app.imports.export_process"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.split()


async def no_children_within(pid: int, seconds: float) -> bool:
    """Whether the export children of process `pid` are all gone within `seconds`."""
    for _ in range(int(seconds / 0.2)):
        if not export_children(pid):
            return True
        await asyncio.sleep(0.2)
    return not export_children(pid)


async def test_a_client_that_goes_away_mid_file_stops_the_child(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    """A served API (uvicorn): the child is still writing a file of megabytes when the client
    closes the connection after its first chunk; the child must not be left behind, blocked on
    a pipe nobody reads."""
    rng = random.Random(7)
    people = [{"external_id": f"p{i}", "name": f"Person {i}"} for i in range(4_000)]
    rels = [
        {
            "type": "KNOWS",
            "source_external_id": f"p{i}",
            "target_external_id": f"p{rng.randrange(4_000)}",
            "strength": 0.5,
        }
        for i in range(4_000)
        for _ in range(3)
    ]
    rels = [r for r in rels if r["source_external_id"] != r["target_external_id"]]
    response = await client.post("/v1/import", json={"people": people, "relationships": rels})
    assert response.status_code == 200, response.text
    with api_processes(neo4j, tmp_path, 1, RELMAP_EXPORT_PROCESS_NODES="1000") as (api,):
        size = 0
        async with (
            httpx.AsyncClient(base_url=api.url, timeout=120) as http,
            http.stream("GET", "/v1/export", params={"format": "graphml"}) as streamed,
        ):
            assert streamed.status_code == 200
            async for chunk in streamed.aiter_raw():
                size += len(chunk)
                if size >= 1 << 16:
                    assert export_children(api.process.pid), "no child process writes it"
                    break
        assert await no_children_within(api.process.pid, 10), "the child outlived its client"
        # and the process still answers the next export whole
        async with httpx.AsyncClient(base_url=api.url, timeout=120) as http:
            whole = await http.get("/v1/export", params={"format": "json"})
        assert whole.status_code == 200
        assert len(whole.json()["nodes"]) == 4_000


async def test_large_exports_at_once_are_capped_and_a_client_gone_before_the_file_frees_its_slot(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    """A served API allowed one export child: while a child builds a file (paused here, as a
    child building a large graph would be), a second export is a 429 with Retry-After, not a
    second gigabyte. The first client leaving before any byte stops that child; the slot is
    free again for the next export."""
    oracle = await load_karate(client)
    settings = {"RELMAP_EXPORT_PROCESS_NODES": "1", "RELMAP_EXPORT_PROCESSES": "1"}
    with api_processes(neo4j, tmp_path, 1, **settings) as (api,):
        async with httpx.AsyncClient(base_url=api.url, timeout=60) as first:
            waiting = asyncio.create_task(first.get("/v1/export", params={"format": "graphml"}))
            for _ in range(3_000):  # 30 s
                found = export_children(api.process.pid)
                if found:
                    break
                await asyncio.sleep(0.01)
            assert found, "no child process builds the first export"
            os.kill(int(found[0]), signal.SIGSTOP)
            await asyncio.sleep(1)
            assert not waiting.done(), "the child ended before it could be paused"

            async with httpx.AsyncClient(base_url=api.url, timeout=60) as second:
                refused = await second.get("/v1/export", params={"format": "json"})
            assert_problem(refused, 429)
            assert refused.headers["Retry-After"].isdigit()
            assert export_children(api.process.pid) == found, "the second export started a child"

            waiting.cancel()  # the first client leaves before the file's first byte
            with pytest.raises(asyncio.CancelledError):
                await waiting
        assert await no_children_within(api.process.pid, 10), "the paused child outlived its client"

        async with httpx.AsyncClient(base_url=api.url, timeout=60) as third:
            whole = await third.get("/v1/export", params={"format": "json"})
        assert whole.status_code == 200, whole.text
        assert len(whole.json()["nodes"]) == oracle.number_of_nodes()
