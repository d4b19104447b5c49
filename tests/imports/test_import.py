"""Bulk import through HTTP: upsert by external_id, counts, row errors, CSV, jobs, limits."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.common.kinds import DEFAULT_STRENGTH, RelType
from app.imports import jobs
from tests.helpers import assert_problem, person, relate

pytestmark = pytest.mark.anyio

ZERO = {"people": 0, "companies": 0, "relationships": 0, "interactions": 0, "events": 0}


def counts(**given: int) -> dict[str, int]:
    return {**ZERO, **given}


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            yield http


async def imported(client: httpx.AsyncClient, body: dict[str, Any], **params: Any) -> dict:
    response = await client.post("/v1/import", json=body, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def everyone(client: httpx.AsyncClient) -> dict[str, dict]:
    """external_id -> person, every person."""
    out: dict[str, dict] = {}
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/people", params=params)).json()
        out.update({p["external_id"]: p for p in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return out


async def edges(client: httpx.AsyncClient) -> list[dict]:
    out: list[dict] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/relationships", params=params)).json()
        out.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return out


MAP: dict[str, Any] = {
    "people": [
        {
            "external_id": "p1",
            "name": "Ada Lovelace",
            "email": "Ada@Analytical.example",
            "tags": ["vip", "uk"],
            "attributes": {"linkedin": "ada"},
        },
        {"external_id": "p2", "name": "Charles Babbage", "is_team": True},
        {"external_id": "p3", "name": "Mary Somerville", "title": "Author"},
    ],
    "companies": [
        {"external_id": "c1", "name": "Analytical Engines", "domain": "analytical.example"},
        {"external_id": "c2", "name": "Difference Ltd", "size": 12},
    ],
    "relationships": [
        {"type": "KNOWS", "source_external_id": "p1", "target_external_id": "p2", "strength": 0.8},
        {"type": "REPORTS_TO", "source_external_id": "p3", "target_external_id": "p1"},
        {
            "type": "WORKS_AT",
            "source_external_id": "p1",
            "target_external_id": "c1",
            "properties": {"title": "CTO", "role": "decision_maker", "since": "2020-01-01"},
        },
        {"type": "INVESTED_IN", "source_external_id": "p2", "target_external_id": "c2"},
        {"type": "INVESTED_IN", "source_external_id": "c1", "target_external_id": "c2"},
        {"type": "PARTNER_OF", "source_external_id": "c2", "target_external_id": "c1"},
    ],
}


async def test_an_import_lands_and_the_same_import_again_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    first = await imported(client, MAP)
    assert first["created"] == counts(people=3, companies=2, relationships=6)
    assert first["updated"] == ZERO and first["unchanged"] == ZERO
    assert first["errors"] == []

    people = await everyone(client)
    assert set(people) == {"p1", "p2", "p3"}
    ada = people["p1"]
    assert ada["name"] == "Ada Lovelace" and ada["tags"] == ["vip", "uk"]
    assert ada["attributes"] == {"linkedin": "ada"} and people["p2"]["is_team"] is True
    companies = (await client.get("/v1/companies")).json()["items"]
    assert {c["external_id"]: c["size"] for c in companies} == {"c1": None, "c2": 12}

    stored = await edges(client)
    by_type: dict[str, list[dict]] = {}
    for edge in stored:
        by_type.setdefault(edge["type"], []).append(edge)
    assert sorted(by_type) == ["INVESTED_IN", "KNOWS", "PARTNER_OF", "REPORTS_TO", "WORKS_AT"]
    knows = by_type["KNOWS"][0]
    assert knows["strength"] == pytest.approx(0.8) and knows["strength_source"] == "manual"
    reports = by_type["REPORTS_TO"][0]
    assert reports["strength"] == pytest.approx(DEFAULT_STRENGTH[RelType.REPORTS_TO])
    assert reports["strength_source"] == "default"
    assert reports["source_id"] == people["p3"]["id"]
    works = by_type["WORKS_AT"][0]
    assert works["properties"] == {
        "title": "CTO",
        "role": "decision_maker",
        "since": "2020-01-01",
        "current": True,
    }
    assert len(by_type["INVESTED_IN"]) == 2  # one from a person, one from a company

    second = await imported(client, MAP)
    assert second["created"] == ZERO and second["updated"] == ZERO
    assert second["unchanged"] == counts(people=3, companies=2, relationships=6)
    # nothing was written: the timestamps and the edges are exactly as before
    assert await everyone(client) == people
    assert sorted(await edges(client), key=lambda e: e["id"]) == sorted(
        stored, key=lambda e: e["id"]
    )


async def test_changed_rows_are_updated_and_fields_left_out_stay(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, MAP)
    before = await everyone(client)
    change = {
        "people": [{"external_id": "p1", "name": "Ada King"}, MAP["people"][1]],
        "relationships": [
            # the other direction of a symmetric edge is the same edge
            {
                "type": "KNOWS",
                "source_external_id": "p2",
                "target_external_id": "p1",
                "strength": 0.5,
            },
            {"type": "PARTNER_OF", "source_external_id": "c1", "target_external_id": "c2"},
            {
                "type": "WORKS_AT",
                "source_external_id": "p1",
                "target_external_id": "c1",
                "properties": {"title": "CEO"},
            },
        ],
    }
    summary = await imported(client, change)
    assert summary["created"] == ZERO
    assert summary["updated"] == counts(people=1, relationships=2)
    assert summary["unchanged"] == counts(people=1, relationships=1)
    after = await everyone(client)
    ada = after["p1"]
    assert ada["name"] == "Ada King"
    assert ada["email"] == before["p1"]["email"] and ada["tags"] == ["vip", "uk"]
    assert ada["updated_at"] > before["p1"]["updated_at"]
    assert after["p2"]["updated_at"] == before["p2"]["updated_at"]
    stored = {e["type"]: e for e in await edges(client) if e["type"] != "INVESTED_IN"}
    assert stored["KNOWS"]["strength"] == pytest.approx(0.5)
    # properties given replace the old ones (WORKS_AT: role and since are gone)
    assert stored["WORKS_AT"]["properties"] == {"title": "CEO", "current": True}


async def test_bad_rows_are_reported_and_good_rows_land(client: httpx.AsyncClient) -> None:
    body = {
        "people": [
            {"external_id": "p1", "name": "Ada", "email": "ada@x.example"},
            {"external_id": "p2"},  # no name
            {"external_id": "p3", "name": "Bob", "email": "not-an-email"},
            {"external_id": "p1", "name": "Ada again"},  # repeated key
            {"external_id": "p4", "name": "Eve", "email": "ADA@x.example"},  # same email
            {"external_id": "p5", "name": "Zed", "nickname": "z"},  # unknown field
            {"external_id": "p6", "name": "Carl"},
        ],
        "companies": [{"external_id": "c1", "name": "Acme"}],
        "relationships": [
            {"type": "KNOWS", "source_external_id": "p1", "target_external_id": "p6"},
            {"type": "KNOWS", "source_external_id": "p1", "target_external_id": "ghost"},
            {"type": "WORKS_AT", "source_external_id": "p1", "target_external_id": "p6"},
            {"type": "FRIENDS", "source_external_id": "p1", "target_external_id": "p6"},
            {"type": "KNOWS", "source_external_id": "p6", "target_external_id": "p1"},
            {"type": "KNOWS", "source_external_id": "p6", "target_external_id": "p6"},
            {
                "type": "WORKS_AT",
                "source_external_id": "p6",
                "target_external_id": "c1",
                "properties": {"role": "emperor"},
            },
            {"type": "ATTENDED", "source_external_id": "p6", "target_external_id": "c1"},
            {
                "type": "KNOWS",
                "source_external_id": "p1",
                "target_external_id": "p2",
                "strength": 2,
            },
        ],
        "interactions": [
            {
                "external_id": "i1",
                "kind": "call",
                "occurred_at": "2026-01-01T10:00:00Z",
                "participant_external_ids": ["p1", "nobody"],
            },
            {
                "external_id": "i2",
                "kind": "call",
                "occurred_at": "2026-01-01T10:00:00",  # no timezone
                "participant_external_ids": ["p1", "p6"],
            },
        ],
    }
    summary = await imported(client, body)
    assert summary["created"] == counts(people=2, companies=1, relationships=1)
    failed = {(e["entity"], e["index"]) for e in summary["errors"]}
    assert failed == {
        ("people", 1),
        ("people", 2),
        ("people", 3),
        ("people", 4),
        ("people", 5),
        ("relationships", 1),
        ("relationships", 2),
        ("relationships", 3),
        ("relationships", 4),
        ("relationships", 5),
        ("relationships", 6),
        ("relationships", 7),
        ("relationships", 8),
        ("interactions", 0),
        ("interactions", 1),
    }
    assert summary["error_count"] == len(failed)
    messages = {(e["entity"], e["index"]): e["message"] for e in summary["errors"]}
    assert "name" in messages[("people", 1)] and "repeats row 0" in messages[("people", 3)]
    assert "ghost" in messages[("relationships", 1)]
    assert "role" in messages[("relationships", 6)]
    assert "nobody" in messages[("interactions", 0)]
    assert set(await everyone(client)) == {"p1", "p6"}


async def test_an_email_held_by_another_person_is_a_row_error(client: httpx.AsyncClient) -> None:
    await person(client, "Ada", email="ada@x.example")  # made by hand, no external_id
    summary = await imported(
        client,
        {
            "people": [
                {"external_id": "e1", "name": "Impostor", "email": "ADA@x.example"},
                {"external_id": "e2", "name": "Fine"},
            ]
        },
    )
    assert summary["created"] == counts(people=1)
    assert [(e["entity"], e["index"]) for e in summary["errors"]] == [("people", 0)]
    assert "belongs to another" in summary["errors"][0]["message"]


async def test_an_import_finds_edges_made_by_hand(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada", external_id="a")
    bob = await person(client, "Bob", external_id="b")
    made = await relate(client, "KNOWS", ada, bob, strength=0.4)
    summary = await imported(
        client,
        {
            "relationships": [
                {"type": "KNOWS", "source_external_id": "b", "target_external_id": "a"}
            ]
        },
    )
    assert summary["unchanged"] == counts(relationships=1)
    assert [e["id"] for e in await edges(client)] == [made["id"]]


async def test_imported_interactions_strengthen_knows_like_logged_ones(
    client: httpx.AsyncClient,
) -> None:
    """Two pairs, the same interaction: one logged through /v1/interactions, one imported.
    Both KNOWS edges must end up equally strong (and stronger than nothing)."""
    when = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    people = [{"external_id": k, "name": k} for k in ("a", "b", "c", "d")]
    await imported(client, {"people": people})
    ids = {k: v["id"] for k, v in (await everyone(client)).items()}
    logged = await client.post(
        "/v1/interactions",
        json={
            "kind": "meeting",
            "occurred_at": when,
            "participant_ids": [ids["a"], ids["b"]],
            "sentiment": 0.5,
        },
    )
    assert logged.status_code == 201, logged.text
    row = {
        "external_id": "m1",
        "kind": "meeting",
        "occurred_at": when,
        "participant_external_ids": ["c", "d"],
        "sentiment": 0.5,
        "summary": "Review",
    }
    summary = await imported(client, {"interactions": [row]})
    assert summary["created"] == counts(interactions=1)
    again = await imported(client, {"interactions": [row]})
    assert again["unchanged"] == counts(interactions=1) and again["created"] == ZERO
    knows = {
        frozenset((e["source_id"], e["target_id"])): e
        for e in await edges(client)
        if e["type"] == "KNOWS"
    }
    ab = knows[frozenset((ids["a"], ids["b"]))]
    cd = knows[frozenset((ids["c"], ids["d"]))]
    assert cd["strength_source"] == "interactions" and cd["interaction_count"] == 1
    assert cd["strength"] == pytest.approx(ab["strength"], abs=1e-6)
    assert cd["strength"] > 0
    timeline = (await client.get(f"/v1/people/{ids['c']}/interactions")).json()["items"]
    assert [i["summary"] for i in timeline] == ["Review"]
    changed = await imported(client, {"interactions": [{**row, "kind": "call"}]})
    assert changed["errors"] and changed["errors"][0]["index"] == 0


# -- CSV ---------------------------------------------------------------------------------------


async def post_csv(client: httpx.AsyncClient, entity: str, text: str) -> httpx.Response:
    return await client.post(
        "/v1/import",
        params={"entity": entity},
        content=text.encode(),
        headers={"Content-Type": "text/csv"},
    )


async def test_csv_per_entity(client: httpx.AsyncClient) -> None:
    people = (
        "external_id,name,email,tags,is_team,attributes\n"
        'p1,"Lovelace, Ada",ada@x.example,vip;uk,true,"{""desk"": 4}"\n'
        "p2,Bob,,,false,\n"
        "p3,,nameless@x.example,,,\n"
    )
    response = await post_csv(client, "people", people)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["created"] == counts(people=2)
    assert [(e["entity"], e["index"]) for e in summary["errors"]] == [("people", 2)]
    stored = await everyone(client)
    assert stored["p1"]["name"] == "Lovelace, Ada" and stored["p1"]["tags"] == ["vip", "uk"]
    assert stored["p1"]["is_team"] is True and stored["p1"]["attributes"] == {"desk": 4}

    companies = "external_id,name,domain,size\nc1,Acme,acme.example,40\n"
    assert (await post_csv(client, "companies", companies)).json()["created"] == counts(companies=1)
    rels = (
        "type,source_external_id,target_external_id,strength,properties\n"
        "KNOWS,p1,p2,0.9,\n"
        'WORKS_AT,p1,c1,,"{""title"": ""CTO""}"\n'
        "KNOWS,p1,p9,,\n"
    )
    summary = (await post_csv(client, "relationships", rels)).json()
    assert summary["created"] == counts(relationships=2)
    assert [e["index"] for e in summary["errors"]] == [2]
    interactions = (
        "external_id,kind,occurred_at,participant_external_ids,summary\n"
        "i1,call,2026-01-05T10:00:00Z,p1;p2,Catch-up\n"
    )
    summary = (await post_csv(client, "interactions", interactions)).json()
    assert summary["created"] == counts(interactions=1)
    knows = next(e for e in await edges(client) if e["type"] == "KNOWS")
    assert knows["interaction_count"] == 1 and knows["strength"] > 0.9


async def test_csv_with_unknown_columns_or_no_entity_is_a_422(client: httpx.AsyncClient) -> None:
    problem = assert_problem(
        await post_csv(client, "people", "external_id,name,shoe\n1,a,4\n"), 422
    )
    assert "shoe" in problem["detail"]
    response = await client.post(
        "/v1/import", content=b"external_id,name\n1,a\n", headers={"Content-Type": "text/csv"}
    )
    assert_problem(response, 422)
    assert_problem(await client.post("/v1/import", content=b"[1, 2"), 422)
    assert_problem(await client.post("/v1/import", json={"peoples": []}), 422)


# -- jobs and limits ---------------------------------------------------------------------------


async def wait_for(client: httpx.AsyncClient, job_id: str) -> dict:
    for _ in range(600):
        job = (await client.get(f"/v1/import/jobs/{job_id}")).json()
        if job["status"] in ("done", "failed"):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError("the job did not finish")


async def test_two_rows_naming_one_edge_through_an_alias_make_one_edge(
    client: httpx.AsyncClient,
) -> None:
    """After a merge, a row by the duplicate's external_id names the survivor's edges: in one
    batch, the first row creates the edge and the second finds and updates it, as two rows
    by the survivor's own key would (a later row wins)."""
    ada = await person(client, "Ada", external_id="a")
    twin = await person(client, "Ada L.", external_id="a2")
    await person(client, "Cy", external_id="c")
    r = await client.post(f"/v1/people/{ada['id']}/merge", json={"duplicate_id": twin["id"]})
    assert r.status_code == 200, r.text
    summary = await imported(
        client,
        {
            "relationships": [
                {
                    "type": "KNOWS",
                    "source_external_id": "a",
                    "target_external_id": "c",
                    "strength": 0.5,
                },
                {
                    "type": "KNOWS",
                    "source_external_id": "c",
                    "target_external_id": "a2",
                    "strength": 0.7,
                },
            ]
        },
    )
    assert summary["errors"] == []
    assert summary["created"] == counts(relationships=1)
    assert summary["updated"] == counts(relationships=1)
    (edge,) = await edges(client)
    assert {edge["source_id"], edge["target_id"]} == {
        ada["id"],
        (await everyone(client))["c"]["id"],
    }
    assert edge["strength"] == pytest.approx(0.7)


async def test_a_large_import_runs_as_a_job(make_app: Any, client: httpx.AsyncClient) -> None:
    app = make_app(relmap_import_job_rows=100, relmap_import_batch_rows=100)
    people = [{"external_id": f"p{i}", "name": f"Person {i}"} for i in range(300)]
    chain = [
        {"type": "KNOWS", "source_external_id": f"p{i}", "target_external_id": f"p{i + 1}"}
        for i in range(299)
    ]
    chain.append({"type": "KNOWS", "source_external_id": "p0", "target_external_id": "nobody"})
    async with serve(app) as http:
        response = await http.post("/v1/import", json={"people": people, "relationships": chain})
        assert response.status_code == 202, response.text
        accepted = response.json()
        assert accepted["total"] == 600 and response.headers["location"] == accepted["status_url"]
        # the API keeps answering while the job writes
        assert (await http.get("/v1/people", params={"limit": 1})).status_code == 200
        seen = (await http.get(accepted["status_url"])).json()
        assert seen["status"] in ("queued", "running", "done") and seen["total"] == 600
        job = await wait_for(http, accepted["job_id"])
        assert job["status"] == "done" and job["done"] == job["total"] == 600
        assert job["error_count"] == 1
        assert job["summary"]["created"] == counts(people=300, relationships=299)
        assert job["summary"]["errors"][0]["index"] == 299
        # small imports stay synchronous; ?async=true asks for a job anyway
        small = await http.post("/v1/import", json={"people": people[:5]})
        assert small.status_code == 200 and small.json()["unchanged"] == counts(people=5)
        forced = await http.post(
            "/v1/import", json={"people": people[:5]}, params={"async": "true"}
        )
        assert forced.status_code == 202
        assert (await wait_for(http, forced.json()["job_id"]))["summary"]["unchanged"] == counts(
            people=5
        )
        assert_problem(await http.get("/v1/import/jobs/nope"), 404)
    assert len(await everyone(client)) == 300


async def test_the_body_limit_holds_for_imports(make_app: Any, client: httpx.AsyncClient) -> None:
    people = [{"external_id": f"p{i}", "name": f"Person {i}"} for i in range(100)]
    body = json.dumps({"people": people}).encode()
    async with serve(make_app(relmap_max_body_bytes=len(body) - 1)) as http:
        response = await http.post(
            "/v1/import", content=body, headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 413)
        # the same rows in two requests fit
        for half in (people[:50], people[50:]):
            response = await http.post("/v1/import", json={"people": half})
            assert response.status_code == 200
    assert len(await everyone(client)) == 100


async def test_importing_needs_the_write_scope(make_app: Any, client: httpx.AsyncClient) -> None:
    body = {"people": [{"external_id": "p1", "name": "Ada"}]}
    async with serve(make_app(relmap_api_keys={"r": "read", "w": "write"})) as http:
        assert_problem(await http.post("/v1/import", json=body), 401)
        denied = await http.post("/v1/import", json=body, headers={"X-API-Key": "r"})
        assert_problem(denied, 403)
        allowed = await http.post("/v1/import", json=body, headers={"X-API-Key": "w"})
        assert allowed.json()["created"] == counts(people=1)
        exported = await http.get("/v1/export", headers={"X-API-Key": "r"})
        assert exported.status_code == 200
        assert [n["name"] for n in exported.json()["nodes"]] == ["Ada"]


async def test_a_full_job_queue_answers_429_with_retry_after(
    make_app: Any, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "MAX_QUEUED", 2)  # one running and two waiting
    app = make_app(relmap_import_batch_rows=100)
    body = {"people": [{"external_id": f"q{i}", "name": f"Q{i}"} for i in range(3000)]}
    async with serve(app) as http:
        answers = await asyncio.gather(
            *(http.post("/v1/import", params={"async": "true"}, json=body) for _ in range(6))
        )
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [202, 202, 202, 429, 429, 429], statuses
        refused = next(r for r in answers if r.status_code == 429)
        assert_problem(refused, 429)
        assert int(refused.headers["Retry-After"]) > 0
        accepted = [r.json()["job_id"] for r in answers if r.status_code == 202]
        done = [await wait_for(http, job_id) for job_id in accepted]
        assert [j["status"] for j in done] == ["done"] * 3
        made = sum(j["summary"]["created"]["people"] for j in done)
        assert made == 3000  # the first created them, the others found them unchanged
        # once the queue drained, a job is taken again
        again = await http.post("/v1/import", params={"async": "true"}, json=body)
        assert again.status_code == 202, again.text
        assert (await wait_for(http, again.json()["job_id"]))["status"] == "done"


@pytest.mark.parametrize("rows", [None, {}, "", 0, False])
async def test_an_entity_that_is_not_a_list_is_a_422_and_nothing_lands(
    client: httpx.AsyncClient, rows: Any
) -> None:
    body = {"people": [{"external_id": "p1", "name": "Ada"}], "companies": rows}
    problem = assert_problem(await client.post("/v1/import", json=body), 422)
    assert "companies" in problem["detail"]
    assert await everyone(client) == {}


async def test_csv_rows_still_carry_flags_and_numbers_as_text(client: httpx.AsyncClient) -> None:
    people = "external_id,name,is_team\np1,Ada,true\np2,Bob,false\n"
    response = await client.post(
        "/v1/import",
        content=people,
        params={"entity": "people"},
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"]["people"] == 2
    team = {key: p["is_team"] for key, p in (await everyone(client)).items()}
    assert team == {"p1": True, "p2": False}


async def test_a_batch_that_cannot_be_written_stops_the_import_and_a_retry_completes_it(
    app: FastAPI, client: httpx.AsyncClient, make_app: Any
) -> None:
    """Relationships go in batches, the next one checked and looked up while one is written.
    When a batch's write fails (here: an endpoint held locked by another transaction past the
    query timeout), the caller gets a problem, the batches before it stay, nothing after it
    is written, and the same import sent again completes it."""
    people = [{"external_id": f"a{i}", "name": f"A {i}"} for i in range(300)]
    people += [{"external_id": f"b{i}", "name": f"B {i}"} for i in (*range(100), *range(200, 300))]
    people.append({"external_id": "x", "name": "Held"})
    assert (await imported(client, {"people": people}))["errors"] == []
    held = (await everyone(client))["x"]["id"]
    rows = [
        {
            "type": "KNOWS",
            "source_external_id": f"a{i}",
            "target_external_id": "x" if 100 <= i < 200 else f"b{i}",
        }
        for i in range(300)
    ]
    locked, release = asyncio.Event(), asyncio.Event()

    async def hold(tx: Any) -> None:
        assert await tx.one("lock_person", id=held)
        locked.set()
        await release.wait()

    holder = asyncio.create_task(app.state.db.in_write_state(hold))
    await locked.wait()
    try:
        short = make_app(query_timeout_s=2.0, relmap_import_batch_rows=100)
        async with serve(short) as http:
            failed = await http.post("/v1/import", json={"relationships": rows})
    finally:
        release.set()
        await holder
    assert failed.status_code in (503, 504), failed.text
    assert_problem(failed, failed.status_code)
    ext = {p["id"]: x for x, p in (await everyone(client)).items()}
    stored = {frozenset((ext[e["source_id"]], ext[e["target_id"]])) for e in await edges(client)}
    assert stored == {frozenset((f"a{i}", f"b{i}")) for i in range(100)}  # the first batch

    again = await imported(client, {"relationships": rows})
    assert again["errors"] == []
    assert again["created"] == counts(relationships=200)
    assert again["unchanged"] == counts(relationships=100)
    assert len(await edges(client)) == 300
