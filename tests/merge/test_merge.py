"""Merging duplicates: the whole graph is read before and after through the API, and the
after is checked against the before transformed by the documented rules (nothing lost)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import ago, iso, log

pytestmark = pytest.mark.anyio

SYMMETRIC = {"KNOWS", "PARTNER_OF", "COMPETES_WITH"}


async def _all(client: httpx.AsyncClient, url: str, **params: Any) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
        response = await client.get(url, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def _edge(r: dict) -> dict:
    return {
        "id": r["id"],
        "type": r["type"],
        "source_id": r["source_id"],
        "target_id": r["target_id"],
        "strength": round(r["strength"], 9),
        "strength_source": r["strength_source"],
        "properties": r["properties"],
        "interaction_count": r["interaction_count"],
        "last_interaction_at": r["last_interaction_at"],
    }


async def snapshot(client: httpx.AsyncClient, at: datetime) -> dict:
    """Every node, edge (strength as of `at`) and interaction the API can show."""
    people = {p["id"]: p for p in await _all(client, "/v1/people")}
    companies = {c["id"]: c for c in await _all(client, "/v1/companies")}
    edges = {r["id"]: _edge(r) for r in await _all(client, "/v1/relationships", as_of=iso(at))}
    interactions: dict[str, dict] = {}
    for pid in people:
        for item in await _all(client, f"/v1/people/{pid}/interactions"):
            interactions[item["id"]] = {
                "kind": item["kind"],
                "occurred_at": item["occurred_at"],
                "participants": sorted(p["id"] for p in item["participants"]),
                "company_ids": sorted(item["company_ids"]),
            }
    return {"people": people, "companies": companies, "edges": edges, "interactions": interactions}


def _fields(node: dict) -> dict:
    return {k: v for k, v in node.items() if k != "updated_at"}


def expected_edges(before: dict, survivor: str, duplicate: str) -> tuple[dict, list]:
    """The duplicate's edges re-pointed at the survivor; the ones the survivor had already
    (same type and other end) folded into the survivor's; the ones between the two gone.
    Returns (edges, [(kept id, folded edge)])."""
    kept = {i: dict(e) for i, e in before["edges"].items() if duplicate not in _ends(e)}
    folded = []
    for e in before["edges"].values():
        if duplicate not in _ends(e):
            continue
        moved = dict(e)
        for end in ("source_id", "target_id"):
            if moved[end] == duplicate:
                moved[end] = survivor
        if moved["source_id"] == moved["target_id"]:
            continue  # survivor—duplicate: gone
        twin = next((k for k in kept.values() if _same(k, moved)), None)
        if twin is None:
            kept[moved["id"]] = moved
        else:
            folded.append((twin["id"], e))
    return kept, folded


def _ends(e: dict) -> tuple[str, str]:
    return e["source_id"], e["target_id"]


def _same(a: dict, b: dict) -> bool:
    if a["type"] != b["type"]:
        return False
    if a["type"] in SYMMETRIC:
        return set(_ends(a)) == set(_ends(b))
    return _ends(a) == _ends(b)


async def test_merging_people_moves_everything_and_loses_nothing(
    client: httpx.AsyncClient,
) -> None:
    s = await person(
        client,
        "Ada Lovelace",
        title="CTO",
        tags=["vip", "fintech"],
        attributes={"k1": 1, "k2": "mine"},
    )
    d = await person(
        client,
        "A. Lovelace",
        email="ada@analytical.example",
        title="Engineer",
        location="London",
        tags=["fintech", "speaker"],
        attributes={"k2": "theirs", "k3": 3},
        external_id="crm-9",
        is_team=True,
    )
    o1, o2, o3 = (
        await person(client, "Olga"),
        await person(client, "Omar"),
        await person(client, "Otto"),
    )
    c1, c2 = await company(client, "Acme"), await company(client, "Globex")
    # interactions: both knew Olga (combined), one meeting had all three
    touches = [
        ("meeting", ago(50), [s, o1], None),
        ("call", ago(20), [d, o1], 0.5),
        ("meeting", ago(10), [s, d, o1], None),
        ("email", ago(5), [d, o2], None),
    ]
    for kind, when, people, sentiment in touches:
        await log(client, kind, when, *people, sentiment=sentiment)
    d_o1 = (
        await client.get("/v1/relationships", params={"node_id": d["id"], "type": "KNOWS"})
    ).json()
    d_o1_id = next(r["id"] for r in d_o1["items"] if o1["id"] in (r["source_id"], r["target_id"]))
    await client.patch(f"/v1/relationships/{d_o1_id}", json={"strength": 0.4})
    await relate(client, "REPORTS_TO", d, o3, properties={"since": "2024"})
    await relate(client, "INFLUENCES", o3, d, strength=0.9)
    await relate(client, "INFLUENCES", s, o3, strength=0.3, properties={"via": "s"})
    await relate(client, "INFLUENCES", d, o3, strength=0.8, properties={"via": "d", "extra": 1})
    await relate(client, "WORKS_AT", d, c1, properties={"title": "Engineer"})
    await relate(client, "WORKS_AT", s, c2, properties={"title": "CTO"})
    await relate(client, "WORKS_AT", d, c2, properties={"title": "Eng", "department": "R&D"})
    await relate(client, "KNOWS", o2, o3, strength=0.5)  # untouched by the merge

    at = datetime.now(UTC) + timedelta(minutes=5)
    before = await snapshot(client, at)
    response = await client.post(f"/v1/people/{s['id']}/merge", json={"duplicate_id": d["id"]})
    assert response.status_code == 200, response.text
    merged = response.json()
    after = await snapshot(client, at)

    # nodes: the duplicate is gone, the others are untouched, the survivor has the merged fields
    assert set(after["people"]) == set(before["people"]) - {d["id"]}
    for pid, p in before["people"].items():
        if pid not in (s["id"], d["id"]):
            assert after["people"][pid] == p
    assert after["companies"] == before["companies"]
    survivor = after["people"][s["id"]]
    assert _fields(survivor) == _fields(
        {k: v for k, v in merged.items() if k not in ("dropped", "merge")}
    )
    assert survivor["name"] == "Ada Lovelace" and survivor["title"] == "CTO"
    assert survivor["email"] == "ada@analytical.example"  # the duplicate filled a null
    assert survivor["location"] == "London" and survivor["external_id"] == "crm-9"
    assert survivor["tags"] == ["vip", "fintech", "speaker"]
    assert survivor["attributes"] == {"k1": 1, "k2": "mine", "k3": 3}
    assert survivor["is_team"] is True
    assert survivor["created_at"] == s["created_at"]
    assert merged["dropped"] == {
        "name": "A. Lovelace",
        "title": "Engineer",
        "attributes": {"k2": "theirs"},
    }

    # edges: the before, transformed by the rules
    edges, folded = expected_edges(before, s["id"], d["id"])
    assert set(after["edges"]) == set(edges)
    combined_ids = {kept for kept, _ in folded}
    for rid, edge in edges.items():
        if rid not in combined_ids:
            assert after["edges"][rid] == edge, edge
    assert {(k, f["id"]) for k, f in folded} == {
        (c["kept_id"], c["dropped_id"]) for c in merged["merge"]["combined_relationships"]
    }
    assert len(folded) == 3  # KNOWS Olga, INFLUENCES Otto, WORKS_AT Globex
    removed = merged["merge"]["removed_relationships"]
    assert [r["type"] for r in removed] == ["KNOWS"]  # Ada knew her duplicate: gone
    for kept_id, old in folded:
        now_edge, was = after["edges"][kept_id], before["edges"][kept_id]
        if was["type"] == "KNOWS":
            # the joint interactions, each once, on the larger base (0.4, hand-set)
            joint = [(k, w, len(p), sen) for k, w, p, sen in touches if o1 in p]
            assert now_edge["strength"] == pytest.approx(strength(joint, at, base=0.4), abs=1e-9)
            assert now_edge["strength_source"] == "manual+interactions"
            assert now_edge["interaction_count"] == 3
            assert datetime.fromisoformat(now_edge["last_interaction_at"]) == ago(10)
        else:
            assert now_edge["strength"] == pytest.approx(max(was["strength"], old["strength"]))
            assert now_edge["properties"] == {**old["properties"], **was["properties"]}

    # interactions: all still there, the duplicate replaced by the survivor (once)
    assert set(after["interactions"]) == set(before["interactions"])
    for iid, item in before["interactions"].items():
        expected = sorted({s["id"] if p == d["id"] else p for p in item["participants"]})
        assert after["interactions"][iid]["participants"] == expected
    assert merged["merge"]["moved_interactions"] == 3

    # the duplicate's unique keys now belong to the survivor
    clash = await client.post("/v1/people", json={"name": "X", "email": "ADA@analytical.example"})
    assert_problem(clash, 409)
    assert_problem(await client.get(f"/v1/people/{d['id']}"), 404)


async def test_merging_companies(client: httpx.AsyncClient) -> None:
    s = await company(client, "Acme", industry="Software", tags=["client"])
    d = await company(client, "ACME Inc", domain="acme.example", industry="Hardware", size=50)
    x, y = await company(client, "Initech"), await company(client, "Umbrella")
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    await relate(client, "PARTNER_OF", s, x, strength=0.4)
    await relate(client, "PARTNER_OF", x, d, strength=0.7)  # the other way round: same edge
    await relate(client, "CLIENT_OF", d, y)
    await relate(client, "VENDOR_OF", y, d)
    await relate(client, "WORKS_AT", ada, d, properties={"title": "CEO"})
    await relate(client, "WORKS_AT", bob, s)
    await relate(client, "COMPETES_WITH", s, d)
    # interactions tied to the duplicate, to both, and to another company
    tied = {
        "duplicate": await log(client, "meeting", ago(3), ada, bob, company_ids=[d["id"]]),
        "both": await log(client, "call", ago(2), ada, bob, company_ids=[s["id"], d["id"]]),
        "other": await log(client, "email", ago(1), ada, bob, company_ids=[x["id"]]),
    }
    at = datetime.now(UTC)
    before = await snapshot(client, at)
    response = await client.post(f"/v1/companies/{s['id']}/merge", json={"duplicate_id": d["id"]})
    assert response.status_code == 200, response.text
    merged = response.json()
    after = await snapshot(client, at)
    assert set(after["companies"]) == set(before["companies"]) - {d["id"]}
    assert after["people"] == before["people"]
    edges, folded = expected_edges(before, s["id"], d["id"])
    assert set(after["edges"]) == set(edges)
    for rid, edge in edges.items():
        if rid not in {k for k, _ in folded}:
            assert after["edges"][rid] == edge
    [(kept_id, _old)] = folded
    assert after["edges"][kept_id]["strength"] == pytest.approx(0.7)
    assert after["edges"][kept_id]["strength_source"] == "manual"
    assert [r["type"] for r in merged["merge"]["removed_relationships"]] == ["COMPETES_WITH"]
    assert merged["domain"] == "acme.example" and merged["size"] == 50
    assert merged["industry"] == "Software" and merged["name"] == "Acme"
    assert merged["dropped"] == {"name": "ACME Inc", "industry": "Hardware"}
    # the interactions tied to the duplicate are tied to the survivor now, each once
    assert set(after["interactions"]) == set(before["interactions"])
    ties = {name: after["interactions"][i["id"]]["company_ids"] for name, i in tied.items()}
    assert ties == {"duplicate": [s["id"]], "both": [s["id"]], "other": [x["id"]]}
    assert merged["merge"]["moved_interactions"] == 2
    got = (await client.get(f"/v1/interactions/{tied['duplicate']['id']}")).json()
    assert got["company_ids"] == [s["id"]]
    assert_problem(
        await client.post("/v1/companies", json={"name": "Z", "domain": "acme.example"}), 409
    )


async def test_merge_refusals(client: httpx.AsyncClient) -> None:
    ada, acme = await person(client, "Ada"), await company(client, "Acme")
    url = f"/v1/people/{ada['id']}/merge"
    assert_problem(await client.post(url, json={"duplicate_id": ada["id"]}), 422)
    assert_problem(await client.post(url, json={"duplicate_id": "nobody"}), 404)
    assert_problem(await client.post(url, json={"duplicate_id": acme["id"]}), 404)
    assert_problem(await client.post(url, json={}), 422)
    assert_problem(
        await client.post("/v1/people/nobody/merge", json={"duplicate_id": ada["id"]}), 404
    )
    assert_problem(
        await client.post(f"/v1/companies/{acme['id']}/merge", json={"duplicate_id": ada["id"]}),
        404,
    )
    # nothing changed
    assert (await client.get(f"/v1/people/{ada['id']}")).status_code == 200
    assert (await client.get(f"/v1/companies/{acme['id']}")).status_code == 200
