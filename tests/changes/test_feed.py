"""The change feed: every committed write once, in commit order, read with a cursor."""

import asyncio
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def feed(
    client: httpx.AsyncClient, after: str | None = None, limit: int = 200
) -> tuple[list[dict[str, Any]], str]:
    """Every change after the cursor, page by page; and the cursor to poll from."""
    items: list[dict[str, Any]] = []
    while True:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = after
        answer = await client.get("/v1/changes", params=params)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["items"]
        assert page["next_cursor"]
        after = page["next_cursor"]
        if len(page["items"]) < limit:
            return items, after


async def test_each_write_path_records_its_change(client: httpx.AsyncClient) -> None:
    _, start = await feed(client)
    a = (await client.post("/v1/people", json={"name": "Ada", "is_team": True})).json()
    b = (await client.post("/v1/people", json={"name": "Bo"})).json()
    c = (await client.post("/v1/companies", json={"name": "Acme"})).json()
    await client.patch(f"/v1/people/{b['id']}", json={"title": "CTO"})
    rel = (
        await client.post(
            "/v1/relationships",
            json={"type": "WORKS_AT", "source_id": b["id"], "target_id": c["id"]},
        )
    ).json()
    knows = (
        await client.post(
            "/v1/relationships",
            json={"type": "KNOWS", "source_id": a["id"], "target_id": b["id"], "strength": 0.5},
        )
    ).json()
    await client.patch(f"/v1/relationships/{knows['id']}", json={"strength": 0.9})
    logged = await client.post(
        "/v1/interactions",
        json={
            "kind": "call",
            "occurred_at": "2026-01-05T10:00:00Z",
            "participant_ids": [a["id"], b["id"]],
        },
    )
    assert logged.status_code == 201, logged.text
    interaction = logged.json()
    await client.patch(f"/v1/interactions/{interaction['id']}", json={"summary": "renewal"})
    await client.delete(f"/v1/interactions/{interaction['id']}")
    d = (await client.post("/v1/people", json={"name": "Bo (dup)"})).json()
    merged = await client.post(f"/v1/people/{b['id']}/merge", json={"duplicate_id": d["id"]})
    assert merged.status_code == 200, merged.text
    await client.delete(f"/v1/relationships/{rel['id']}")
    event = (await client.post("/v1/events", json={"name": "Summit"})).json()
    await client.post(f"/v1/events/{event['id']}/attendees", json={"person_ids": [a["id"]]})
    await client.delete(f"/v1/companies/{c['id']}")

    items, _ = await feed(client, start)
    types = [i["type"] for i in items]
    assert types == [
        "person.created",
        "person.created",
        "company.created",
        "person.updated",
        "relationship.created",
        "person.job_changed",
        "relationship.created",
        "relationship.updated",
        "relationship.warmed",
        "interaction.created",
        "interaction.updated",
        "interaction.deleted",
        "person.created",
        "person.merged",
        "relationship.deleted",
        "event.created",
        "relationship.created",
        "company.deleted",
    ]
    by_type = {i["type"]: i for i in items}
    assert by_type["person.updated"]["data"]["person"]["title"] == "CTO"
    assert by_type["relationship.updated"]["data"]["relationship"]["strength"] == 0.9
    warmed = by_type["relationship.warmed"]["data"]
    assert warmed["relationship"]["id"] == knows["id"] and warmed["threshold"] == 0.7
    job = by_type["person.job_changed"]["data"]
    assert job["person_id"] == b["id"] and job["change"] == "joined"
    assert job["current_jobs"][0]["company_id"] == c["id"]
    assert by_type["person.merged"]["data"]["merged_ids"] == [d["id"]]
    assert by_type["person.merged"]["data"]["person"]["id"] == b["id"]
    assert by_type["company.deleted"]["data"] == {"id": c["id"]}
    assert len({i["id"] for i in items}) == len(items)
    moments = [i["occurred_at"] for i in items]
    assert moments == sorted(moments)


async def test_cursor_pages_and_polls(client: httpx.AsyncClient) -> None:
    _, start = await feed(client)
    for i in range(7):
        await client.post("/v1/people", json={"name": f"p{i}"})
    items, end = await feed(client, start, limit=3)
    assert [i["data"]["person"]["name"] for i in items] == [f"p{i}" for i in range(7)]
    again = await client.get("/v1/changes", params={"after": end})
    assert again.json()["items"] == [] and again.json()["next_cursor"]
    await client.post("/v1/people", json={"name": "late"})
    more, _ = await feed(client, end)
    assert [i["data"]["person"]["name"] for i in more] == ["late"]


async def test_a_cursor_not_given_out_is_a_400(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/changes", params={"after": "abc.def"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_failed_and_rolled_back_writes_record_nothing(client: httpx.AsyncClient) -> None:
    _, start = await feed(client)
    first = await client.post("/v1/people", json={"name": "A", "email": "a@x.org"})
    taken = await client.post("/v1/people", json={"name": "B", "email": "A@x.org"})
    assert (first.status_code, taken.status_code) == (201, 409)
    stale = await client.patch(
        f"/v1/people/{first.json()['id']}", json={"title": "x"}, headers={"If-Match": '"0"'}
    )
    assert stale.status_code == 412
    items, _ = await feed(client, start)
    assert [i["type"] for i in items] == ["person.created"]


async def test_concurrent_writers_feed_is_commit_order(client: httpx.AsyncClient) -> None:
    """Concurrent PATCHes of one person each add one attribute key (a merge patch applied to
    the locked, stored state), so the state each commit leaves holds every key committed
    before it: the feed is in commit order iff its key sets grow by one key at a time. A
    reader polling the feed meanwhile sees exactly what the feed holds at the end."""
    person = (await client.post("/v1/people", json={"name": "Target"})).json()
    others = [(await client.post("/v1/people", json={"name": f"o{i}"})).json() for i in range(3)]
    _, start = await feed(client)
    writes = 60
    done = asyncio.Event()
    polled: list[dict[str, Any]] = []

    async def patch(i: int) -> int:
        answer = await client.patch(
            f"/v1/people/{person['id']}", json={"attributes": {f"k{i:03d}": i}}
        )
        return answer.status_code

    async def noise(i: int) -> int:
        other = others[i % len(others)]
        answer = await client.patch(f"/v1/people/{other['id']}", json={"title": f"t{i}"})
        return answer.status_code

    async def poll() -> None:
        cursor = start
        while True:
            finished = done.is_set()
            items, cursor = await feed(client, cursor, limit=7)
            polled.extend(items)
            if finished:
                return
            await asyncio.sleep(0.01)

    poller = asyncio.create_task(poll())
    codes = await asyncio.gather(*(patch(i) for i in range(writes)), *(noise(i) for i in range(30)))
    done.set()
    await poller
    assert set(codes) == {200}
    items, _ = await feed(client, start)
    assert polled == items
    mine = [i for i in items if i["data"].get("person", {}).get("id") == person["id"]]
    assert len(mine) == writes
    previous: set[str] = set()
    for item in mine:
        keys = set(item["data"]["person"]["attributes"])
        assert previous < keys and len(keys - previous) == 1, "feed not in commit order"
        previous = keys
    assert previous == {f"k{i:03d}" for i in range(writes)}
    assert len([i for i in items if i["type"] == "person.updated"]) == writes + 30
