"""Concurrent creates of one relationship: exactly one lands, every other caller gets a 409."""

import asyncio
from typing import Any

import httpx
import pytest

from app.common.kinds import ENDPOINTS, SYMMETRIC, Label, RelType
from tests.helpers import assert_problem, company, person

pytestmark = pytest.mark.anyio

CALLERS = 20


async def node(client: httpx.AsyncClient, label: Label, name: str) -> dict[str, Any]:
    if label is Label.PERSON:
        return await person(client, name)
    if label is Label.COMPANY:
        return await company(client, name)
    response = await client.post("/v1/events", json={"name": name, "attendee_ids": []})
    assert response.status_code == 201, response.text
    return response.json()


async def stored_edges(client: httpx.AsyncClient, node_id: str, rel_type: RelType) -> list[dict]:
    response = await client.get(
        "/v1/relationships", params={"node_id": node_id, "type": rel_type.value, "limit": 200}
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.mark.parametrize("rel_type", list(RelType), ids=lambda t: t.value)
async def test_concurrent_creates_of_one_relationship_make_one_edge(
    client: httpx.AsyncClient, rel_type: RelType
) -> None:
    source_label, target_label = sorted(ENDPOINTS[rel_type])[-1]
    source = await node(client, source_label, "Source")
    target = await node(client, target_label, "Target")
    symmetric = rel_type in SYMMETRIC
    bodies = [
        # a symmetric type: half the callers name the pair the other way round
        {"type": rel_type.value, "source_id": source["id"], "target_id": target["id"]}
        if not symmetric or i % 2 == 0
        else {"type": rel_type.value, "source_id": target["id"], "target_id": source["id"]}
        for i in range(CALLERS)
    ]
    results = await asyncio.gather(*(client.post("/v1/relationships", json=b) for b in bodies))

    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * (CALLERS - 1), [r.text for r in results]
    created = next(r.json() for r in results if r.status_code == 201)
    for response in results:
        if response.status_code == 409:
            problem = assert_problem(response, 409)
            assert problem["existing_id"] == created["id"]
            assert "Neo" not in problem["detail"]
    edges = await stored_edges(client, source["id"], rel_type)
    assert [e["id"] for e in edges] == [created["id"]]


async def test_a_directed_type_still_takes_both_directions(client: httpx.AsyncClient) -> None:
    """REPORTS_TO is directed: a->b and b->a are two relationships, each created once."""
    a, b = await person(client, "A"), await person(client, "B")
    bodies = [
        {"type": "REPORTS_TO", "source_id": x["id"], "target_id": y["id"]}
        for x, y in [(a, b), (b, a)] * (CALLERS // 2)
    ]
    results = await asyncio.gather(*(client.post("/v1/relationships", json=b) for b in bodies))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201, 201] + [409] * (CALLERS - 2), [r.text for r in results]
    edges = await stored_edges(client, a["id"], RelType.REPORTS_TO)
    assert sorted((e["source_id"], e["target_id"]) for e in edges) == sorted(
        [(a["id"], b["id"]), (b["id"], a["id"])]
    )


async def test_creates_on_many_pairs_at_once_all_land(client: httpx.AsyncClient) -> None:
    """The lock is per pair: creates on distinct pairs of shared people do not refuse each
    other (nor deadlock into an error)."""
    people = [await person(client, f"P{i}") for i in range(6)]
    pairs = [(x, y) for i, x in enumerate(people) for y in people[i + 1 :]]
    bodies = [{"type": "KNOWS", "source_id": x["id"], "target_id": y["id"]} for x, y in pairs] + [
        {"type": "KNOWS", "source_id": y["id"], "target_id": x["id"]} for x, y in pairs
    ]
    results = await asyncio.gather(*(client.post("/v1/relationships", json=b) for b in bodies))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] * len(pairs) + [409] * len(pairs), [r.text for r in results]
    for member in people:
        edges = await stored_edges(client, member["id"], RelType.KNOWS)
        others = sorted(
            e["target_id"] if e["source_id"] == member["id"] else e["source_id"] for e in edges
        )
        assert others == sorted(p["id"] for p in people if p is not member)
