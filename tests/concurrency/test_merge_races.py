"""A merge racing with writes to the duplicate: every acknowledged write ends on the survivor,
whole; every other one is told 404 and left no trace. Nothing answers 500."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.helpers import person
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import NOW, ago, iso
from tests.merge.test_merge import _all

pytestmark = pytest.mark.anyio

OTHERS = 3
INTERACTIONS = 39


async def test_interactions_logged_on_a_duplicate_while_it_is_merged(
    client: httpx.AsyncClient,
) -> None:
    survivor, dup = await person(client, "Survivor"), await person(client, "Dup")
    others = [await person(client, f"Other {i}") for i in range(OTHERS)]
    calls: list[tuple[dict, Any]] = []
    for i in range(INTERACTIONS):
        other = others[i % OTHERS]
        body = {
            "kind": "meeting",
            "occurred_at": iso(ago(1 + i / 10)),
            "participant_ids": [dup["id"], other["id"]],
            "summary": f"call {i}",
        }
        calls.append((other, client.post("/v1/interactions", json=body)))
    merge = client.post(f"/v1/people/{survivor['id']}/merge", json={"duplicate_id": dup["id"]})
    middle = INTERACTIONS // 3
    coros = [c for _, c in calls[:middle]] + [merge] + [c for _, c in calls[middle:]]
    results = await asyncio.gather(*coros)
    merged = results[middle]
    logged = results[:middle] + results[middle + 1 :]

    assert merged.status_code == 200, merged.text
    assert {r.status_code for r in logged} <= {201, 404}, [r.text for r in logged]
    for r in logged:
        if r.status_code == 404:
            assert "Neo" not in r.json()["detail"]
    acknowledged = [
        (other, r.json())
        for (other, _), r in zip(calls, logged, strict=True)
        if r.status_code == 201
    ]

    # every acknowledged interaction is on the survivor's timeline with both participants
    timeline = await _all(client, f"/v1/people/{survivor['id']}/interactions")
    shown = {item["id"]: sorted(p["id"] for p in item["participants"]) for item in timeline}
    assert shown == {
        body["id"]: sorted([survivor["id"], other["id"]]) for other, body in acknowledged
    }
    assert (await client.get(f"/v1/people/{dup['id']}")).status_code == 404

    # and each pair's KNOWS edge counts exactly those, at the strength they give
    for other in others:
        mine = [body for o, body in acknowledged if o is other]
        their_timeline = await _all(client, f"/v1/people/{other['id']}/interactions")
        assert sorted(i["id"] for i in their_timeline) == sorted(b["id"] for b in mine)
        page = await _all(client, "/v1/relationships", node_id=other["id"], type="KNOWS")
        if not mine:
            assert page == []
            continue
        assert len(page) == 1, page
        edge = page[0]
        assert {edge["source_id"], edge["target_id"]} == {survivor["id"], other["id"]}
        assert edge["interaction_count"] == len(mine)
        response = await client.get(f"/v1/relationships/{edge['id']}", params={"as_of": iso(NOW)})
        touches = [("meeting", ago(1 + int(b["summary"].split()[1]) / 10), 2, None) for b in mine]
        assert response.json()["strength"] == pytest.approx(strength(touches, NOW), abs=1e-9)


async def test_relationships_created_on_a_duplicate_while_it_is_merged(
    client: httpx.AsyncClient,
) -> None:
    survivor, dup = await person(client, "Survivor"), await person(client, "Dup")
    others = [await person(client, f"Other {i}") for i in range(12)]
    creates = [
        client.post(
            "/v1/relationships",
            json={"type": "INFLUENCES", "source_id": other["id"], "target_id": dup["id"]},
        )
        for other in others
    ]
    merge = client.post(f"/v1/people/{survivor['id']}/merge", json={"duplicate_id": dup["id"]})
    results = await asyncio.gather(*creates[:4], merge, *creates[4:])
    merged, made = results[4], results[:4] + results[5:]
    assert merged.status_code == 200, merged.text
    assert {r.status_code for r in made} <= {201, 404}, [r.text for r in made]
    landed = {r.json()["id"] for r in made if r.status_code == 201}
    edges = await _all(client, "/v1/relationships", node_id=survivor["id"], type="INFLUENCES")
    assert {e["id"] for e in edges} == landed
    assert all(e["target_id"] == survivor["id"] for e in edges)
    refused = [o for o, r in zip(others, made, strict=True) if r.status_code == 404]
    for other in refused:
        assert await _all(client, "/v1/relationships", node_id=other["id"]) == []


async def test_updates_of_a_duplicate_while_it_is_merged_are_200_or_404(
    client: httpx.AsyncClient,
) -> None:
    survivor, dup = await person(client, "Keeper"), await person(client, "Twin")
    patches = [
        client.patch(f"/v1/people/{dup['id']}", json={"title": f"Title {i}"}) for i in range(20)
    ]
    merge = client.post(f"/v1/people/{survivor['id']}/merge", json={"duplicate_id": dup["id"]})
    results = await asyncio.gather(*patches[:10], merge, *patches[10:])
    merged = results[10]
    assert merged.status_code == 200, merged.text
    answers = [r for i, r in enumerate(results) if i != 10]
    assert {r.status_code for r in answers} <= {200, 404}, [r.text for r in answers]
    for r in answers:
        if r.status_code == 200:  # a whole person, never a half-empty one
            assert r.json()["id"] == dup["id"] and r.json()["name"] == "Twin"
    assert (await client.get(f"/v1/people/{dup['id']}")).status_code == 404
