"""Imports record their changes (docs/changes.md): one import.completed per written batch, in
the batch's transaction; a dry run records nothing."""

from typing import Any

import httpx
import pytest

from tests.changes.test_feed import feed
from tests.imports.test_import import MAP, imported

pytestmark = pytest.mark.anyio


async def batches(client: httpx.AsyncClient, after: str) -> list[dict[str, Any]]:
    items, _ = await feed(client, after)
    return [i["data"] for i in items if i["type"] == "import.completed"]


async def test_an_import_records_the_ids_it_wrote(client: httpx.AsyncClient) -> None:
    _, start = await feed(client)
    await imported(client, MAP)
    done = await batches(client, start)
    people = [d for d in done if d["entity"] == "Person"]
    assert len(people) == 1 and len(people[0]["created"]) == 3 and people[0]["updated"] == []
    companies = [d for d in done if d["entity"] == "Company"]
    assert len(companies) == 1 and len(companies[0]["created"]) == 2
    edges = [d for d in done if d["entity"] == "Relationship"]
    assert sorted(d["type"] for d in edges) == sorted(r["type"] for r in MAP["relationships"])
    assert sum(len(d["created"]) for d in edges) == 6
    everyone = {p["id"]: p["external_id"] for p in (await client.get("/v1/people")).json()["items"]}
    assert {everyone[i] for i in people[0]["created"]} == {"p1", "p2", "p3"}
    stored = (await client.get("/v1/relationships", params={"limit": 100})).json()["items"]
    assert sorted(i for d in edges for i in d["created"]) == sorted(r["id"] for r in stored)

    _, again = await feed(client)
    await imported(client, MAP)  # the same import again: nothing changes, nothing recorded
    assert await batches(client, again) == []

    _, renamed = await feed(client)
    changed = {**MAP, "people": [{**MAP["people"][0], "name": "Ada King"}]}
    changed.pop("relationships")
    changed.pop("companies")
    await imported(client, changed)
    done = await batches(client, renamed)
    assert len(done) == 1 and done[0]["entity"] == "Person" and done[0]["created"] == []
    assert [everyone[i] for i in done[0]["updated"]] == ["p1"]


async def test_a_dry_run_records_nothing(client: httpx.AsyncClient) -> None:
    _, start = await feed(client)
    dry = await client.post("/v1/import", json=MAP, params={"dry_run": "true"})
    assert dry.status_code == 200, dry.text
    items, _ = await feed(client, start)
    assert items == []
