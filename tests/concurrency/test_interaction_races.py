"""The same interaction (one external_id) logged by several callers at once."""

import asyncio

import httpx
import pytest

from tests.helpers import assert_problem, person
from tests.interactions.test_interactions import ago, iso, knows

pytestmark = pytest.mark.anyio

CALLERS = 12


async def test_one_external_id_logged_at_once_lands_once(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    body = {
        "kind": "call",
        "occurred_at": iso(ago(1)),
        "participant_ids": [ada["id"], bob["id"]],
        "external_id": "crm-call-1",
    }
    results = await asyncio.gather(
        *(client.post("/v1/interactions", json=body) for _ in range(CALLERS))
    )
    statuses = sorted(r.status_code for r in results)
    # the same content again is the same interaction: 200 with it, nothing logged
    assert statuses == [200] * (CALLERS - 1) + [201], [r.text for r in results]
    assert len({r.json()["id"] for r in results}) == 1
    # other content under the same key is a conflict, in words, not Neo4j's message
    clash = await client.post("/v1/interactions", json={**body, "summary": "other"})
    detail = assert_problem(clash, 409)["detail"]
    assert "crm-call-1" in detail
    assert "Node(" not in detail and "label" not in detail
    timeline = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()["items"]
    assert len(timeline) == 1
    assert (await knows(client, ada, bob))["interaction_count"] == 1
