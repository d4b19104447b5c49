"""Conditional requests: ETag on every GET of one resource, If-None-Match -> 304, If-Match on
PATCH/DELETE -> 412 when the resource changed since, with nothing written."""

import asyncio

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def test_a_person_revalidates_with_304_until_it_changes(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada", title="Analyst")
    first = await client.get(f"/v1/people/{ada['id']}")
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')  # strong
    assert (await client.get(f"/v1/people/{ada['id']}")).headers["etag"] == tag  # stable

    same = await client.get(f"/v1/people/{ada['id']}", headers={"If-None-Match": tag})
    assert same.status_code == 304
    assert same.content == b"" and same.headers["etag"] == tag
    # a weak form of the tag, or a list holding it, also revalidates; HEAD too
    weak = await client.get(f"/v1/people/{ada['id']}", headers={"If-None-Match": f"W/{tag}"})
    assert weak.status_code == 304
    listed = await client.head(f"/v1/people/{ada['id']}", headers={"If-None-Match": f'"x", {tag}'})
    assert listed.status_code == 304
    other = await client.get(f"/v1/people/{ada['id']}", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.json()["name"] == "Ada"

    patched = await client.patch(f"/v1/people/{ada['id']}", json={"title": "Lead"})
    assert patched.status_code == 200
    assert patched.headers["etag"] != tag
    after = await client.get(f"/v1/people/{ada['id']}", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.json()["title"] == "Lead"
    assert after.headers["etag"] == patched.headers["etag"]


async def test_a_patch_on_a_stale_tag_is_412_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    acme = await company(client, "Acme", industry="Retail")
    tag = (await client.get(f"/v1/companies/{acme['id']}")).headers["etag"]
    assert (await client.patch(f"/v1/companies/{acme['id']}", json={"size": 10})).status_code == 200

    stale = await client.patch(
        f"/v1/companies/{acme['id']}", json={"industry": "Banking"}, headers={"If-Match": tag}
    )
    body = assert_problem(stale, 412)
    assert "changed" in body["detail"]
    now = await client.get(f"/v1/companies/{acme['id']}")
    assert now.json()["industry"] == "Retail"
    assert stale.headers["etag"] == now.headers["etag"]  # the tag to retry with

    fresh = await client.patch(
        f"/v1/companies/{acme['id']}",
        json={"industry": "Banking"},
        headers={"If-Match": now.headers["etag"]},
    )
    assert fresh.status_code == 200 and fresh.json()["industry"] == "Banking"
    # `*` holds for any state; a weak tag never does (If-Match compares strongly)
    star = await client.patch(
        f"/v1/companies/{acme['id']}", json={"size": 3}, headers={"If-Match": "*"}
    )
    assert star.status_code == 200
    weak = f"W/{star.headers['etag']}"
    assert_problem(
        await client.patch(
            f"/v1/companies/{acme['id']}", json={"size": 4}, headers={"If-Match": weak}
        ),
        412,
    )
    # a missing resource is still a 404, whatever the tag
    assert_problem(
        await client.patch("/v1/companies/nothing", json={"size": 4}, headers={"If-Match": "*"}),
        404,
    )


async def test_a_delete_on_a_stale_tag_is_412_and_the_resource_stays(
    client: httpx.AsyncClient,
) -> None:
    ada = await person(client, "Ada")
    tag = (await client.get(f"/v1/people/{ada['id']}")).headers["etag"]
    await client.patch(f"/v1/people/{ada['id']}", json={"location": "Lyon"})
    assert_problem(await client.delete(f"/v1/people/{ada['id']}", headers={"If-Match": tag}), 412)
    current = await client.get(f"/v1/people/{ada['id']}")
    assert current.status_code == 200
    gone = await client.delete(
        f"/v1/people/{ada['id']}", headers={"If-Match": current.headers["etag"]}
    )
    assert gone.status_code == 204
    assert (await client.get(f"/v1/people/{ada['id']}")).status_code == 404


async def test_a_relationship_tag_moves_with_a_logged_interaction_not_with_the_clock(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    knows = await relate(client, "KNOWS", ada, bob)
    url = f"/v1/relationships/{knows['id']}"
    first = await client.get(url)
    tag = first.headers["etag"]
    await asyncio.sleep(0.05)  # strength decays with time; the stored state has not changed
    assert (await client.get(url, headers={"If-None-Match": tag})).status_code == 304

    logged = await client.post(
        "/v1/interactions",
        json={
            "kind": "meeting",
            "occurred_at": "2026-11-02T15:00:00Z",
            "participant_ids": [ada["id"], bob["id"]],
        },
    )
    assert logged.status_code == 201, logged.text
    changed = await client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["interaction_count"] == 1
    assert_problem(await client.patch(url, json={"strength": 0.9}, headers={"If-Match": tag}), 412)
    assert (await client.get(url)).json()["interaction_count"] == 1
    ok = await client.patch(
        url, json={"strength": 0.9}, headers={"If-Match": changed.headers["etag"]}
    )
    assert ok.status_code == 200 and ok.json()["strength_source"] == "manual+interactions"
    assert ok.headers["etag"] == (await client.get(url)).headers["etag"]
    assert_problem(await client.delete(url, headers={"If-Match": tag}), 412)
    assert (await client.delete(url, headers={"If-Match": ok.headers["etag"]})).status_code == 204


async def test_events_and_saved_segments_carry_tags(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    event = (await client.post("/v1/events", json={"name": "Summit"})).json()
    got = await client.get(f"/v1/events/{event['id']}")
    assert (
        await client.get(
            f"/v1/events/{event['id']}", headers={"If-None-Match": got.headers["etag"]}
        )
    ).status_code == 304

    saved = await client.post(
        "/v1/segments/saved", json={"name": "S", "member_ids": [ada["id"], bob["id"]]}
    )
    assert saved.status_code == 201, saved.text
    url = f"/v1/segments/saved/{saved.json()['id']}"
    tag = (await client.get(url)).headers["etag"]
    assert (await client.get(url, headers={"If-None-Match": tag})).status_code == 304
    assert_problem(await client.delete(url, headers={"If-Match": '"not-its-tag"'}), 412)
    assert (await client.get(url)).status_code == 200
    assert (await client.delete(url, headers={"If-Match": tag})).status_code == 204


async def test_concurrent_patches_on_one_tag_let_exactly_one_through(
    client: httpx.AsyncClient,
) -> None:
    """Optimistic concurrency: eight writers read the same tag and PATCH at once. One wins;
    the seven others get 412 and their titles are nowhere."""
    ada = await person(client, "Ada")
    tag = (await client.get(f"/v1/people/{ada['id']}")).headers["etag"]
    answers = await asyncio.gather(
        *(
            client.patch(
                f"/v1/people/{ada['id']}", json={"title": f"T{i}"}, headers={"If-Match": tag}
            )
            for i in range(8)
        )
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [412] * 7, [a.text for a in answers]
    winner = next(a for a in answers if a.status_code == 200).json()["title"]
    assert (await client.get(f"/v1/people/{ada['id']}")).json()["title"] == winner


async def test_concurrent_property_patches_on_a_relationship_lose_nothing(
    client: httpx.AsyncClient,
) -> None:
    """A PATCH merges `properties` into the stored ones: concurrent PATCHes of different keys
    (no If-Match) all land, none overwrites another's key."""
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    knows = await relate(client, "KNOWS", ada, bob)
    url = f"/v1/relationships/{knows['id']}"
    answers = await asyncio.gather(
        *(client.patch(url, json={"properties": {f"k{i}": i}}) for i in range(8))
    )
    assert [a.status_code for a in answers] == [200] * 8
    assert (await client.get(url)).json()["properties"] == {f"k{i}": i for i in range(8)}
