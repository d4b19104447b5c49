"""Syncs keep edits: a CRM export imported, edited in relmap, imported again (issue 14).

The CRM is built here (20 people at 4 companies, their jobs in the people CSV's company
columns, who knows whom in a relationships CSV); every expectation is computed from those rows
and from the edits the test makes, not read back from relmap first. Run with -s to see each
answer.
"""

import csv
import io
import json
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio

COMPANIES = [
    {"external_id": f"acct-{n}", "name": name, "domain": domain, "industry": industry}
    for n, (name, domain, industry) in enumerate(
        [
            ("Northwind", "northwind.example", "Retail"),
            ("Globex", "globex.example", "Energy"),
            ("Initech", "initech.example", "Software"),
            ("Umbrella", "umbrella.example", "Pharma"),
        ],
        start=1,
    )
]
ROLES = ["decision_maker", "champion", "influencer", "user", "gatekeeper"]
FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gia", "Hal", "Ida", "Jon"]
LAST = ["Kim", "Lee", "Moss", "Nunn", "Ortiz", "Park", "Quinn", "Reyes", "Shaw", "Tran"]


def crm_people() -> list[dict[str, str]]:
    """20 people; each names its employer differently (external_id, domain or name), and the
    last one is a duplicate of the one before (another email and key, the same job)."""
    rows = []
    for i in range(19):
        company = COMPANIES[i % 4]
        how = ("external_id", "domain", "name")[i % 3]
        rows.append(
            {
                "external_id": f"crm-{i + 1:02d}",
                "name": f"{FIRST[i % 10]} {LAST[(i * 3) % 10]}",
                "email": f"person{i + 1}@{company['domain']}",
                "title": f"Title {i + 1}",
                "company": company[how],
                "role": ROLES[i % 5],
                "department": ("Sales", "IT", "Finance")[i % 3],
            }
        )
    twin = dict(rows[-1])
    twin.update(
        external_id="crm-20",
        name=rows[-1]["name"].replace(" ", "ie "),
        email="personal.twin@mail.example",
        title="AE",
    )
    rows.append(twin)
    return rows


PEOPLE = crm_people()
KNOWS = [
    (PEOPLE[a]["external_id"], PEOPLE[b]["external_id"])
    for a, b in [
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5),
        (5, 9),
        (6, 7),
        (8, 12),
        (10, 11),
        (14, 16),
    ]
]


def as_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


FILES = {
    "companies": as_csv(COMPANIES, ["external_id", "name", "domain", "industry"]),
    "people": as_csv(
        PEOPLE, ["external_id", "name", "email", "title", "company", "role", "department"]
    ),
    "relationships": as_csv(
        [{"type": "KNOWS", "source_external_id": a, "target_external_id": b} for a, b in KNOWS],
        ["type", "source_external_id", "target_external_id"],
    ),
}


async def sync(http: httpx.AsyncClient, step: str, **params: Any) -> dict[str, Any]:
    """The three CRM files in order; their answers, printed."""
    answers = {}
    for entity, text in FILES.items():
        response = await http.post(
            "/v1/import",
            params={"entity": entity, **params},
            content=text.encode(),
            headers={"Content-Type": "text/csv"},
        )
        assert response.status_code == 200, response.text
        answers[entity] = response.json()
    print(f"\n== {step} {params or ''}\n{json.dumps(answers, indent=1, default=str)}")
    return answers


async def person_by_key(http: httpx.AsyncClient, external_id: str) -> dict[str, Any]:
    page = (await http.get("/v1/people", params={"external_id": external_id})).json()
    assert len(page["items"]) == 1, page
    return page["items"][0]


async def jobs_of(http: httpx.AsyncClient, person_id: str) -> list[dict[str, Any]]:
    page = (
        await http.get("/v1/relationships", params={"node_id": person_id, "type": "WORKS_AT"})
    ).json()
    return page["items"]


def counts(answer: dict[str, Any], entity: str) -> tuple[int, int, int]:
    return tuple(answer[k][entity] for k in ("created", "updated", "unchanged"))


def conflict_set(answers: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {
        (
            c["entity"],
            c["index"],
            c["external_id"],
            c["field"],
            json.dumps(c["kept"]),
            json.dumps(c["incoming"]),
            c["reason"],
            c["resolution"],
        )
        for a in answers.values()
        for c in a["conflicts"]
    }


async def test_a_resync_keeps_relmap_edits_reports_them_and_overwrite_lets_the_crm_win(
    client: httpx.AsyncClient,
) -> None:
    http = client
    n_people, n_knows = len(PEOPLE), len(KNOWS)

    # 1. the first import: everything is created, every job is current at its company
    first = await sync(http, "first import")
    assert counts(first["companies"], "companies") == (4, 0, 0)
    assert counts(first["people"], "people") == (n_people, 0, 0)
    assert counts(first["people"], "relationships") == (n_people, 0, 0)  # one WORKS_AT each
    assert counts(first["relationships"], "relationships") == (n_knows, 0, 0)
    assert all(a["errors"] == [] and a["conflicts"] == [] for a in first.values())
    ids = {p["external_id"]: (await person_by_key(http, p["external_id"]))["id"] for p in PEOPLE}
    listed = (await http.get("/v1/companies", params={"limit": 200})).json()["items"]
    companies = {c["external_id"]: c["id"] for c in listed}
    for i, row in enumerate(PEOPLE):
        (job,) = await jobs_of(http, ids[row["external_id"]])
        employer = COMPANIES[min(i, 18) % 4]  # the twin works where its original does
        assert job["target_id"] == companies[employer["external_id"]]
        assert job["properties"]["current"] is True
        assert job["properties"]["title"] == row["title"]
        assert job["properties"]["role"] == row["role"]
        assert job["properties"]["department"] == row["department"]

    # 2. edits in relmap: a title, a job ended, two duplicates merged
    edited, ended, survivor, twin = PEOPLE[2], PEOPLE[4], PEOPLE[18], PEOPLE[19]
    new_title = "VP Sales (set in relmap)"
    r = await http.patch(f"/v1/people/{ids[edited['external_id']]}", json={"title": new_title})
    assert r.status_code == 200, r.text
    (job,) = await jobs_of(http, ids[ended["external_id"]])
    r = await http.patch(
        f"/v1/relationships/{job['id']}",
        json={"properties": {"current": False, "until": "2026-10-31"}},
    )
    assert r.status_code == 200, r.text
    r = await http.post(
        f"/v1/people/{ids[survivor['external_id']]}/merge",
        json={"duplicate_id": ids[twin["external_id"]]},
    )
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["aliases"] == {
        "emails": [twin["email"]],
        "external_ids": [twin["external_id"]],
    }
    print(f"\n== merged\n{json.dumps(merged, indent=1)}")

    # what any later import (keeping edits) must report: computed from the edits above
    twin_i, ended_i, edited_i = PEOPLE.index(twin), PEOPLE.index(ended), PEOPLE.index(edited)
    merged_conflicts = {
        (
            "people",
            twin_i,
            twin["external_id"],
            f,
            json.dumps(kept),
            json.dumps(incoming),
            "merged",
            "kept",
        )
        for f, kept, incoming in [
            ("name", survivor["name"], twin["name"]),
            ("title", survivor["title"], twin["title"]),
            ("works_at.title", survivor["title"], twin["title"]),
        ]
    }

    def edit_conflicts(resolution: str) -> set[tuple[Any, ...]]:
        won = resolution == "overwritten"
        return {
            (
                "people",
                edited_i,
                edited["external_id"],
                "title",
                json.dumps(edited["title"] if won else new_title),
                json.dumps(edited["title"]),
                "edited",
                resolution,
            ),
            (
                "people",
                ended_i,
                ended["external_id"],
                "works_at.current",
                json.dumps(won),
                "true",
                "edited",
                resolution,
            ),
            (
                "people",
                ended_i,
                ended["external_id"],
                "works_at.until",
                json.dumps(None if won else "2026-10-31"),
                "null",
                "edited",
                resolution,
            ),
        }

    # 3. the same files again: edits kept, conflicts reported exactly, no job reopened, the
    # duplicate not back
    again = await sync(http, "same files again")
    assert counts(again["companies"], "companies") == (0, 0, 4)
    assert counts(again["people"], "people") == (0, 0, n_people)
    assert counts(again["people"], "relationships") == (0, 0, n_people)
    assert counts(again["relationships"], "relationships") == (0, 0, n_knows)
    assert conflict_set(again) == edit_conflicts("kept") | merged_conflicts
    listed = [(c["entity"], c["index"]) for c in again["people"]["conflicts"]]
    assert listed == sorted(listed)
    assert (await http.get(f"/v1/people/{ids[edited['external_id']]}")).json()["title"] == new_title
    (job,) = await jobs_of(http, ids[ended["external_id"]])
    assert job["properties"]["current"] is False and job["properties"]["until"] == "2026-10-31"
    everyone = (await http.get("/v1/people", params={"limit": 200})).json()["items"]
    assert len(everyone) == n_people - 1
    assert (await person_by_key(http, twin["external_id"]))["id"] == ids[survivor["external_id"]]
    by_mail = (await http.get("/v1/people", params={"email": twin["email"].upper()})).json()
    assert [p["id"] for p in by_mail["items"]] == [ids[survivor["external_id"]]]
    (job,) = await jobs_of(http, ids[survivor["external_id"]])
    assert job["properties"]["title"] == survivor["title"]  # the twin's "AE" did not win

    # 4. a dry run letting the CRM win: the changes listed, nothing written
    before = {
        "edited": (await http.get(f"/v1/people/{ids[edited['external_id']]}")).json(),
        "job": (await jobs_of(http, ids[ended["external_id"]]))[0],
    }
    dry = await sync(http, "dry run", dry_run="true", on_conflict="overwrite")
    assert all(a["dry_run"] is True for a in dry.values())
    assert counts(dry["people"], "people") == (0, 1, n_people - 1)
    assert counts(dry["people"], "relationships") == (0, 1, n_people - 1)
    assert counts(dry["relationships"], "relationships") == (0, 0, n_knows)
    assert dry["people"]["changes"] == [
        {
            "entity": "people",
            "index": edited_i,
            "external_id": edited["external_id"],
            "relationship": None,
            "action": "update",
            "fields": {"title": [new_title, edited["title"]]},
        },
        {
            "entity": "people",
            "index": ended_i,
            "external_id": ended["external_id"],
            "relationship": None,
            "action": "update",
            "fields": {"works_at.current": [False, True], "works_at.until": ["2026-10-31", None]},
        },
    ]
    assert dry["companies"]["changes"] == dry["relationships"]["changes"] == []
    assert conflict_set(dry) == edit_conflicts("overwritten") | merged_conflicts
    assert (await http.get(f"/v1/people/{ids[edited['external_id']]}")).json() == before["edited"]
    assert (await jobs_of(http, ids[ended["external_id"]]))[0] == before["job"]

    # 5. the overwrite for real: the CRM's values are back, the job current again
    real = await sync(http, "overwrite", on_conflict="overwrite")
    assert counts(real["people"], "people") == (0, 1, n_people - 1)
    assert counts(real["people"], "relationships") == (0, 1, n_people - 1)
    assert conflict_set(real) == edit_conflicts("overwritten") | merged_conflicts
    assert "changes" not in real["people"] or real["people"]["changes"] is None
    assert (await http.get(f"/v1/people/{ids[edited['external_id']]}")).json()["title"] == edited[
        "title"
    ]
    (job,) = await jobs_of(http, ids[ended["external_id"]])
    assert job["properties"]["current"] is True and "until" not in job["properties"]

    # 6. and again: everything unchanged; only the merged duplicate's row still differs
    last = await sync(http, "same files after the overwrite")
    for entity, answer in last.items():
        assert sum(answer["created"].values()) == sum(answer["updated"].values()) == 0, entity
        assert answer["errors"] == []
    assert conflict_set(last) == merged_conflicts


async def test_a_people_row_with_an_unknown_or_ambiguous_company_lands_without_the_job(
    client: httpx.AsyncClient,
) -> None:
    for name in ("Twin Corp", "Twin Corp"):
        r = await client.post("/v1/companies", json={"name": name})
        assert r.status_code == 201, r.text
    text = (
        "external_id,name,company,title,role\n"
        "a,Ann,nowhere.example,CTO,decision_maker\n"
        "b,Bob,Twin Corp,CFO,\n"
    )
    r = await client.post(
        "/v1/import",
        params={"entity": "people"},
        content=text,
        headers={"Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["created"]["people"] == 2 and answer["created"]["relationships"] == 0
    assert [(e["entity"], e["index"]) for e in answer["errors"]] == [("people", 0), ("people", 1)]
    assert "nowhere.example" in answer["errors"][0]["message"]
    assert "2 companies" in answer["errors"][1]["message"]
    for key, title in (("a", "CTO"), ("b", "CFO")):
        p = await person_by_key(client, key)
        assert p["title"] == title and await jobs_of(client, p["id"]) == []


async def test_a_people_row_with_a_bad_role_is_a_row_error(client: httpx.AsyncClient) -> None:
    text = "external_id,name,company,role\na,Ann,x,boss\n"
    r = await client.post(
        "/v1/import",
        params={"entity": "people"},
        content=text,
        headers={"Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    (error,) = r.json()["errors"]
    assert (error["entity"], error["index"]) == ("people", 0) and "role" in error["message"]


async def test_a_bad_on_conflict_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/import", params={"on_conflict": "merge"}, json={"people": []})
    assert_problem(r, 422)
    assert any("on_conflict" in e["loc"] for e in r.json()["errors"])


@pytest.mark.parametrize(
    ("params", "body", "content_type"),
    [
        ({}, b"{not json", "application/json"),
        ({}, b'{"people": [], "robots": []}', "application/json"),
        ({}, b'{"people": {}}', "application/json"),
        ({"entity": "people"}, b"external_id,name,shoe_size\na,Ann,9\n", "text/csv"),
        ({}, b"external_id,name\na,Ann\n", "text/csv"),
        ({"format": "graphml"}, b"<graphml><graph", "application/graphml+xml"),
    ],
)
async def test_a_dry_run_of_a_malformed_body_answers_as_the_import_would(
    client: httpx.AsyncClient, params: dict[str, str], body: bytes, content_type: str
) -> None:
    headers = {"Content-Type": content_type}
    real = await client.post("/v1/import", params=params, content=body, headers=headers)
    dry = await client.post(
        "/v1/import", params={**params, "dry_run": "true"}, content=body, headers=headers
    )
    assert 400 <= real.status_code < 500, real.text
    assert dry.status_code == real.status_code
    assert dry.json()["detail"] == real.json()["detail"]


async def test_a_dry_run_writes_nothing_and_sees_its_own_earlier_rows(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "companies": [{"external_id": "c", "name": "Acme", "domain": "acme.example"}],
        "people": [
            {"external_id": "a", "name": "Ann", "company": "acme.example", "title": "CTO"},
            {"external_id": "b", "name": "Bob", "email": "bob@acme.example"},
        ],
        "relationships": [
            {"type": "KNOWS", "source_external_id": "a", "target_external_id": "b"},
            {"type": "KNOWS", "source_external_id": "a", "target_external_id": "nobody"},
        ],
    }
    r = await client.post("/v1/import", params={"dry_run": "true"}, json=body)
    assert r.status_code == 200, r.text
    dry = r.json()
    assert dry["created"] == {
        "people": 2,
        "companies": 1,
        "relationships": 2,
        "interactions": 0,
        "events": 0,
    }
    assert [(e["entity"], e["index"]) for e in dry["errors"]] == [("relationships", 1)]
    assert [(c["entity"], c["index"], c["action"]) for c in dry["changes"]] == [
        ("companies", 0, "create"),
        ("people", 0, "create"),
        ("people", 1, "create"),
        ("relationships", 0, "create"),
    ]
    assert dry["changes"][1]["fields"] == {
        "name": [None, "Ann"],
        "title": [None, "CTO"],
        "works_at.current": [None, True],
        "works_at.title": [None, "CTO"],
    }
    knows = {"type": "KNOWS", "source_external_id": "a", "target_external_id": "b"}
    assert [c["relationship"] for c in dry["changes"]] == [None, None, None, knows]
    assert (await client.get("/v1/people")).json()["items"] == []
    assert (await client.get("/v1/companies")).json()["items"] == []
    real = await client.post("/v1/import", json=body)
    assert {k: real.json()[k] for k in ("created", "updated", "unchanged", "errors")} == {
        k: dry[k] for k in ("created", "updated", "unchanged", "errors")
    }


async def test_an_edited_relationship_is_a_conflict_naming_its_row_s_keys(
    client: httpx.AsyncClient,
) -> None:
    people = [{"external_id": k, "name": k.upper()} for k in ("p", "q", "r")]
    rows = [
        {"type": "KNOWS", "source_external_id": "p", "target_external_id": "q", "strength": 0.5},
        {"type": "KNOWS", "source_external_id": "r", "target_external_id": "q", "strength": 0.5},
    ]
    first = await client.post("/v1/import", json={"people": people, "relationships": rows})
    assert first.status_code == 200, first.text
    edges = (await client.get("/v1/relationships", params={"type": "KNOWS"})).json()["items"]
    names = {p["id"]: p["external_id"] for p in (await client.get("/v1/people")).json()["items"]}
    (edited,) = [e for e in edges if {names[e["source_id"]], names[e["target_id"]]} == {"r", "q"}]
    patched = await client.patch(f"/v1/relationships/{edited['id']}", json={"strength": 0.9})
    assert patched.status_code == 200, patched.text

    again = [{**row, "strength": 0.6} for row in rows]
    answer = (await client.post("/v1/import", json={"relationships": again})).json()
    assert answer["updated"]["relationships"] == 1  # p-q: not edited, the CRM's 0.6 lands
    assert answer["conflict_count"] == 1
    assert answer["conflicts"] == [
        {
            "entity": "relationships",
            "index": 1,
            "external_id": None,
            "relationship": {"type": "KNOWS", "source_external_id": "r", "target_external_id": "q"},
            "field": "strength",
            "kept": 0.9,
            "incoming": 0.6,
            "relmap": 0.9,
            "reason": "edited",
            "resolution": "kept",
        }
    ]
    after = (await client.get(f"/v1/relationships/{edited['id']}")).json()
    assert after["strength"] == 0.9
