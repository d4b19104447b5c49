"""Idempotency-Key on POST: the first answer again, nothing written twice, across processes."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio


async def people_named(client: httpx.AsyncClient, name: str) -> list[dict[str, Any]]:
    page = (await client.get("/v1/people", params={"q": name, "limit": 200})).json()
    return [p for p in page["items"] if p["name"] == name]


async def test_the_same_key_and_body_answers_the_first_answer_and_writes_once(
    client: httpx.AsyncClient,
) -> None:
    key = {"Idempotency-Key": "create-ada-1"}
    first = await client.post("/v1/people", json={"name": "Ada Idem"}, headers=key)
    again = await client.post("/v1/people", json={"name": "Ada Idem"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(await people_named(client, "Ada Idem")) == 1
    # without a key, the same POST is a new request
    other = await client.post("/v1/people", json={"name": "Ada Idem"})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert len(await people_named(client, "Ada Idem")) == 2


async def test_the_same_key_with_another_body_is_a_422(client: httpx.AsyncClient) -> None:
    key = {"Idempotency-Key": "k-2"}
    assert (await client.post("/v1/people", json={"name": "Bo"}, headers=key)).status_code == 201
    assert_problem(await client.post("/v1/people", json={"name": "Cy"}, headers=key), 422)
    assert await people_named(client, "Cy") == []


async def test_a_failed_validation_is_replayed_and_a_bad_key_is_refused(
    client: httpx.AsyncClient,
) -> None:
    key = {"Idempotency-Key": "k-3"}
    first = await client.post("/v1/people", json={"nom": "x"}, headers=key)
    again = await client.post("/v1/people", json={"nom": "x"}, headers=key)
    assert first.status_code == again.status_code == 422
    # the same problem; its request_id names the request that was answered (each its own)
    assert {**again.json(), "request_id": None} == {**first.json(), "request_id": None}
    assert again.json()["request_id"] == again.headers["x-request-id"]
    bad = await client.post("/v1/people", json={"name": "D"}, headers={"Idempotency-Key": ""})
    assert_problem(bad, 422)
    assert await people_named(client, "D") == []


async def test_concurrent_requests_with_one_key_write_once_and_answer_alike(
    client: httpx.AsyncClient,
) -> None:
    key = {"Idempotency-Key": "burst"}
    answers = await asyncio.gather(
        *(client.post("/v1/people", json={"name": "Burst"}, headers=key) for _ in range(10))
    )
    assert [r.status_code for r in answers] == [201] * 10
    assert len({r.json()["id"] for r in answers}) == 1
    assert len(await people_named(client, "Burst")) == 1


async def test_a_key_holds_across_api_processes_and_belongs_to_its_caller(
    make_app: Any, client: httpx.AsyncClient
) -> None:
    """Two apps on one Neo4j share no memory, as two API processes would not."""
    keys = {"k-admin": "admin", "k-other": "write"}
    one, two = make_app(relmap_api_keys=keys), make_app(relmap_api_keys=keys)
    async with one.router.lifespan_context(one), two.router.lifespan_context(two):
        a = httpx.AsyncClient(transport=httpx.ASGITransport(app=one), base_url="http://a")
        b = httpx.AsyncClient(transport=httpx.ASGITransport(app=two), base_url="http://b")
        async with a, b:
            mine = {"Idempotency-Key": "shared", "X-API-Key": "k-admin"}
            first = await a.post("/v1/people", json={"name": "Eve Idem"}, headers=mine)
            again = await b.post("/v1/people", json={"name": "Eve Idem"}, headers=mine)
            assert first.status_code == again.status_code == 201
            assert again.json() == first.json()
            # another caller with the same key neither replays nor is blocked
            theirs = {"Idempotency-Key": "shared", "X-API-Key": "k-other"}
            other = await b.post("/v1/people", json={"name": "Eve Idem"}, headers=theirs)
            assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
            # a caller without a key is refused before any replay
            nobody = {"Idempotency-Key": "fresh"}
            assert_problem(await a.post("/v1/people", json={"name": "F"}, headers=nobody), 401)
            allowed = {**nobody, "X-API-Key": "k-admin"}
            made = await a.post("/v1/people", json={"name": "F"}, headers=allowed)
            assert made.status_code == 201
