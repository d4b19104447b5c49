"""Reads reuse their sessions (app/db/database.py): a read cut off halfway (a client gone, a
timeout) must not leave a connection or a half-read result behind for the next one."""

import asyncio
from typing import Any

import httpx
import pytest
from neo4j.exceptions import Neo4jError

pytestmark = pytest.mark.anyio

POOL = 4


async def test_cancelled_reads_leave_the_connections_free(make_app: Any) -> None:
    app = make_app(neo4j_max_pool_size=POOL, query_timeout_s=4.0)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            made = [
                (await http.post("/v1/people", json={"name": f"P{i}"})).json()["id"]
                for i in range(8)
            ]
            for delay in (0.0, 0.001, 0.002, 0.004, 0.008):
                started = [
                    asyncio.create_task(http.get(f"/v1/people/{made[i % 8]}")) for i in range(24)
                ]
                await asyncio.sleep(delay)
                for task in started:
                    task.cancel()
                await asyncio.gather(*started, return_exceptions=True)
            # ten times the pool's connections, one after the other and then all at once: a
            # connection kept by a cancelled read would leave these waiting for the pool (503)
            for i in range(10 * POOL):
                response = await http.get(f"/v1/people/{made[i % 8]}")
                assert response.status_code == 200
                assert response.json()["name"] == f"P{i % 8}"
            answers = await asyncio.gather(
                *(http.get(f"/v1/people/{made[i % 8]}") for i in range(10 * POOL))
            )
            assert [a.json()["name"] for a in answers] == [f"P{i % 8}" for i in range(10 * POOL)]


async def test_a_failed_read_does_not_spoil_the_next(make_app: Any) -> None:
    """A read the server rejects (a negative LIMIT) fails alone: the reads after it, on the
    same two connections and sessions, answer."""
    app = make_app(neo4j_max_pool_size=2)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            ada = (await http.post("/v1/people", json={"name": "Ada Lovelace"})).json()["id"]
            db = app.state.db
            for _ in range(6):
                with pytest.raises(Neo4jError):
                    await db.read("list_people", after=None, f=None, limit=-1)
                good = await http.get(f"/v1/people/{ada}")
                assert good.status_code == 200
                assert good.json()["name"] == "Ada Lovelace"
