"""Two merges racing for the same duplicate: one wins, the other is told it is gone."""

import asyncio

import httpx
import pytest

from tests.helpers import person, relate
from tests.interactions.test_interactions import ago, log

pytestmark = pytest.mark.anyio


async def test_racing_merges_of_one_duplicate(client: httpx.AsyncClient) -> None:
    a, b, dup = await person(client, "A"), await person(client, "B"), await person(client, "Dup")
    others = [await person(client, f"O{i}") for i in range(6)]
    for other in others:
        await relate(client, "INFLUENCES", dup, other)
    await log(client, "meeting", ago(3), dup, *others)
    results = await asyncio.gather(
        *(
            client.post(f"/v1/people/{s['id']}/merge", json={"duplicate_id": dup["id"]})
            for s in (a, b, a, b)
        )
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 404, 404, 404], [r.text for r in results]
    winner = next(r.json() for r in results if r.status_code == 200)
    page = (await client.get("/v1/relationships", params={"node_id": winner["id"]})).json()
    assert len([r for r in page["items"] if r["type"] == "INFLUENCES"]) == 6
    assert len([r for r in page["items"] if r["type"] == "KNOWS"]) == 6
    timeline = (await client.get(f"/v1/people/{winner['id']}/interactions")).json()
    assert len(timeline["items"]) == 1
