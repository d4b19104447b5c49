"""Identical imports sent at once: each caller gets a true summary, the graph gets one copy."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.imports.test_import import edges, everyone
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import NOW, ago, iso
from tests.merge.test_merge import _all

pytestmark = pytest.mark.anyio

CALLERS = 20
ENTITIES = ("people", "companies", "relationships", "interactions")


def payload() -> dict[str, Any]:
    people = [{"external_id": f"p{i}", "name": f"Person {i}"} for i in range(12)]
    people[0]["email"] = "zero@example.com"
    companies = [
        {"external_id": f"c{i}", "name": f"Company {i}", "domain": f"c{i}.example"}
        for i in range(4)
    ]
    relationships = [
        *(
            {"type": "KNOWS", "source_external_id": f"p{i}", "target_external_id": f"p{i + 1}"}
            for i in range(11)
        ),
        *(
            {"type": "WORKS_AT", "source_external_id": f"p{i}", "target_external_id": f"c{i % 4}"}
            for i in range(12)
        ),
        {"type": "PARTNER_OF", "source_external_id": "c1", "target_external_id": "c0"},
        {"type": "CLIENT_OF", "source_external_id": "c2", "target_external_id": "c3"},
    ]
    interactions = [
        {
            "external_id": f"i{i}",
            "kind": "call",
            "occurred_at": iso(ago(2 + i)),
            "participant_external_ids": ["p0", f"p{1 + i % 11}"],
        }
        for i in range(30)
    ]
    return {
        "people": people,
        "companies": companies,
        "relationships": relationships,
        "interactions": interactions,
    }


async def test_identical_imports_at_once_each_get_a_true_summary(
    client: httpx.AsyncClient,
) -> None:
    body = payload()
    results = await asyncio.gather(*(client.post("/v1/import", json=body) for _ in range(CALLERS)))
    assert [r.status_code for r in results] == [200] * CALLERS, [
        r.text for r in results if r.status_code != 200
    ]
    summaries = [r.json() for r in results]
    for summary in summaries:
        assert summary["errors"] == []
        for entity in ENTITIES:
            # every row of this caller is accounted for once: created, updated or unchanged
            told = sum(summary[part][entity] for part in ("created", "updated", "unchanged"))
            assert told == len(body[entity]), (entity, summary)
    for entity in ENTITIES:
        # what was created was created by exactly one caller
        assert sum(s["created"][entity] for s in summaries) == len(body[entity]), entity

    # one copy of everything
    people = await everyone(client)
    assert sorted(people) == sorted(p["external_id"] for p in body["people"])
    assert len(await _all(client, "/v1/companies")) == len(body["companies"])
    ext = {p["id"]: x for x, p in people.items()}
    ext.update({c["id"]: c["external_id"] for c in await _all(client, "/v1/companies")})
    stored = sorted(
        (e["type"], *sorted([ext[e["source_id"]], ext[e["target_id"]]]))
        if e["type"] in ("KNOWS", "PARTNER_OF")
        else (e["type"], ext[e["source_id"]], ext[e["target_id"]])
        for e in await edges(client)
    )
    wanted = [
        (r["type"], *sorted([r["source_external_id"], r["target_external_id"]]))
        if r["type"] in ("KNOWS", "PARTNER_OF")
        else (r["type"], r["source_external_id"], r["target_external_id"])
        for r in body["relationships"]
    ]
    # the imported edges, and the KNOWS edges the interactions made (p0 with p2..p11)
    wanted += [("KNOWS", "p0", f"p{i}") for i in range(2, 12)]
    assert stored == sorted(wanted)
    p0 = people["p0"]
    timeline = await _all(client, f"/v1/people/{p0['id']}/interactions")
    assert len(timeline) == len(body["interactions"])
    # each interaction counted once in its pair's strength
    knows = await _all(client, "/v1/relationships", node_id=p0["id"], type="KNOWS", as_of=iso(NOW))
    for edge in knows:
        other = edge["target_id"] if edge["source_id"] == p0["id"] else edge["source_id"]
        touches = [
            ("call", ago(2 + i), 2, None)
            for i, row in enumerate(body["interactions"])
            if people[row["participant_external_ids"][1]]["id"] == other
        ]
        base = 0.3 if other == people["p1"]["id"] else 0.0  # p0-p1 is imported: KNOWS' default
        assert edge["interaction_count"] == len(touches)
        assert edge["strength"] == pytest.approx(strength(touches, NOW, base=base), abs=1e-9)


async def test_the_same_new_events_imported_at_once_are_made_once(
    client: httpx.AsyncClient,
) -> None:
    """An event is keyed by its external_id: callers importing the same new events at once
    make one node each (a key without a uniqueness constraint lets two MERGEs both create)."""
    for attempt in range(3):  # a fresh set of keys each time: each round is a first import
        body = {
            "events": [
                {"external_id": f"ev{attempt}-{i}", "name": f"Summit {attempt}-{i}"}
                for i in range(8)
            ]
        }
        results = await asyncio.gather(
            *(client.post("/v1/import", json=body) for _ in range(CALLERS))
        )
        assert [r.status_code for r in results] == [200] * CALLERS, [
            r.text for r in results if r.status_code != 200
        ]
        created = sum(r.json()["created"]["events"] for r in results)
        assert created == len(body["events"]), (attempt, created)
    names = sorted(e["name"] for e in await _all(client, "/v1/events"))
    assert names == sorted(f"Summit {a}-{i}" for a in range(3) for i in range(8))
