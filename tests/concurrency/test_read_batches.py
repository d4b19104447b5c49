"""Reads of one person or company that arrive together are sent to Neo4j as one statement
(app/db/coalesce.py): many readers at once each get their own node, an unknown id is still a
404, and a read that starts after a write returned sees it, while others are in flight."""

import asyncio
import random
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio

PEOPLE = 40
WATCHED = 8  # people renamed while the others are read
ROUNDS = 3


async def test_reads_at_once_get_their_own_node_and_see_writes_before_them(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    people = {}
    for i in range(PEOPLE):
        made = (await client.post("/v1/people", json={"name": f"Person {i}"})).json()
        people[made["id"]] = made
    companies = {}
    for i in range(4):
        made = (await client.post("/v1/companies", json={"name": f"Firm {i}"})).json()
        companies[made["id"]] = made
    ids = list(people)
    watched, read = ids[:WATCHED], ids[WATCHED:]
    unknown = [str(uuid.uuid4()) for _ in range(5)]

    db = app.state.db
    statements = 0
    original = db.read_one_plain

    async def counted(name: str, **params: Any) -> Any:
        nonlocal statements
        if name in ("read_people", "read_companies"):
            statements += 1
        return await original(name, **params)

    db.read_one_plain = counted  # counts what goes to Neo4j; the reads themselves are the app's
    rng = random.Random(7)
    gets = 0

    async def get(path: str) -> httpx.Response:
        nonlocal gets
        gets += 1
        return await client.get(path)

    async def reader(node: str) -> None:
        if node in people:
            response = await get(f"/v1/people/{node}")
            assert response.status_code == 200
            assert response.json() == people[node]
        elif node in companies:
            response = await get(f"/v1/companies/{node}")
            assert response.status_code == 200
            assert response.json() == companies[node]
        else:
            body = assert_problem(await get(f"/v1/people/{node}"), 404)
            assert node in body["detail"]

    async def renamer(node: str, name: str) -> None:
        await asyncio.sleep(rng.random() / 100)
        patched = await client.patch(f"/v1/people/{node}", json={"name": name})
        assert patched.status_code == 200
        # started after the write returned: it must see it, with the others in flight
        response = await get(f"/v1/people/{node}")
        assert response.status_code == 200
        assert response.json()["name"] == name
        assert response.json()["updated_at"] == patched.json()["updated_at"]

    try:
        for round_ in range(ROUNDS):
            nodes = rng.choices(read, k=150) + list(companies) * 5 + unknown * 2
            rng.shuffle(nodes)
            await asyncio.gather(
                *(reader(n) for n in nodes),
                *(renamer(n, f"Renamed {n[:8]} {round_}") for n in watched),
            )
    finally:
        db.read_one_plain = original
    assert gets == ROUNDS * (150 + 20 + 10 + WATCHED)
    # the proof that reads went out together, so the answers above were read in batches
    assert statements < gets / 2
