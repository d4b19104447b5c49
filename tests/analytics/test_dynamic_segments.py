"""Dynamic segments (POST /v1/segments/saved with a filter): members against a plain Python
filter over the people, jobs, ties and interactions the test made; found again on each read."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio

TAGS = ["vip", "board", "prospect", "alumni"]
ROLES = ["decision_maker", "influencer", "user", None]


async def members(client: httpx.AsyncClient, segment_id: str) -> list[str]:
    out: list[str] = []
    cursor = None
    while True:
        params: dict = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        response = await client.get(f"/v1/segments/saved/{segment_id}/members", params=params)
        assert response.status_code == 200, response.text
        out += [m["id"] for m in response.json()["items"]]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return out


def given(f: dict) -> dict:
    """The criteria a filter answer holds (the others are null)."""
    return {k: v for k, v in f.items() if v is not None}


async def save(client: httpx.AsyncClient, f: dict) -> dict:
    response = await client.post("/v1/segments/saved", json={"name": "dyn", "filter": f})
    assert response.status_code == 201, response.text
    return response.json()


def matches(p: dict, f: dict, now: datetime) -> bool:
    """The filter, written plainly over what the test created."""
    jobs = p["jobs"]  # current jobs: (company id, industry, role)
    if "tags_all" in f and not set(f["tags_all"]) <= set(p["tags"]):
        return False
    if "tags_any" in f and not set(f["tags_any"]) & set(p["tags"]):
        return False
    if "location" in f and (p["location"] or "").lower() != f["location"].lower():
        return False
    if ("industry" in f or "role" in f) and not any(
        ("industry" not in f or (ind or "").lower() == f["industry"].lower())
        and ("role" not in f or role == f["role"])
        for _, ind, role in jobs
    ):
        return False
    if "company_ids" in f and not {c for c, _, _ in jobs} & set(f["company_ids"]):
        return False
    for key, value in f.get("attributes", {}).items():
        stored = p["attributes"].get(key, object())
        if type(stored) is not type(value) or stored != value:
            return False
    if "min_team_strength" in f and max(p["team"], default=0.0) < f["min_team_strength"]:
        return False
    touches = p["touches"]
    if "touched_within_days" in f and not any(
        t >= now - timedelta(days=f["touched_within_days"]) for t in touches
    ):
        return False
    return not (
        "not_touched_within_days" in f
        and any(t >= now - timedelta(days=f["not_touched_within_days"]) for t in touches)
    )


async def test_dynamic_segments_match_a_plain_filter(client: httpx.AsyncClient) -> None:
    rng = random.Random(14)
    now = datetime.now(UTC)
    firms = [
        await company(client, "Acme", industry="Fintech"),
        await company(client, "Globex", industry="Health"),
        await company(client, "Initech", industry="fintech"),
    ]
    team = [await person(client, n, is_team=True) for n in ("T1", "T2")]
    people: dict[str, dict[str, Any]] = {
        t["id"]: {
            "name": t["name"],
            "tags": [],
            "location": None,
            "attributes": {},
            "jobs": [],
            "team": [],
            "touches": [],
        }
        for t in team
    }
    made = []
    for i in range(24):
        tags = rng.sample(TAGS, rng.randint(0, 3))
        location = rng.choice(["Paris", "paris", "Berlin", None])
        attributes: dict[str, Any] = {}
        if rng.random() < 0.7:
            attributes["tier"] = rng.choice([1, 2, "gold", 1.5])
        if rng.random() < 0.5:
            attributes["active"] = rng.choice([True, False])
        fields: dict[str, Any] = {"tags": tags, "attributes": attributes}
        if location:
            fields["location"] = location
        p = await person(client, f"P{i:02d}", **fields)
        made.append(p)
        info = {
            "name": p["name"],
            "tags": tags,
            "location": location,
            "attributes": attributes,
            "jobs": [],
            "team": [],
            "touches": [],
        }
        people[p["id"]] = info
        if rng.random() < 0.75:
            firm = rng.choice(firms)
            role = rng.choice(ROLES)
            await relate(client, "WORKS_AT", p, firm, properties={"role": role} if role else {})
            info["jobs"].append((firm["id"], firm["industry"], role))
        if rng.random() < 0.3:  # a job that ended: not current
            firm = rng.choice(firms)
            props = {"role": "decision_maker", "until": "2023-12-31"}
            if all(firm["id"] != c for c, _, _ in info["jobs"]):
                await relate(client, "WORKS_AT", p, firm, properties=props)
        for member in team:
            if rng.random() < 0.35:
                strength = round(rng.uniform(0.1, 0.95), 3)
                await relate(client, "KNOWS", member, p, strength=strength)
                info["team"].append(strength)
    # interactions among people who are not on the team (team ties stay as set by hand)
    for _ in range(14):
        a, b = rng.sample(made, 2)
        when = now - timedelta(days=rng.choice([3, 20, 60, 400]), hours=rng.randint(0, 5))
        body = {
            "kind": "meeting",
            "occurred_at": when.isoformat(),
            "participant_ids": [a["id"], b["id"]],
        }
        response = await client.post("/v1/interactions", json=body)
        assert response.status_code == 201, response.text
        people[a["id"]]["touches"].append(when)
        people[b["id"]]["touches"].append(when)
        # the KNOWS edges of a and b to the team are untouched by it

    filters: list[dict[str, Any]] = [
        {"tags_all": ["vip", "board"]},
        {"tags_any": ["vip", "alumni"], "location": "PARIS"},
        {"industry": "FINTECH", "role": "decision_maker"},
        {"industry": "fintech"},
        {"role": "user"},
        {"attributes": {"tier": 1}},
        {"attributes": {"tier": "gold", "active": True}},
        {"attributes": {"active": False}},
        {"company_ids": [firms[0]["id"], firms[1]["id"]]},
        {"min_team_strength": 0.5},
        {"min_team_strength": 0.0, "tags_any": ["prospect"]},
        {"touched_within_days": 30},
        {"not_touched_within_days": 30},
        {"touched_within_days": 100, "not_touched_within_days": 10},
        {"tags_any": ["prospect", "board"], "min_team_strength": 0.2, "not_touched_within_days": 5},
        {"location": "berlin", "company_ids": [firms[2]["id"]]},
    ]
    nonempty = 0
    for f in filters:
        saved = await save(client, f)
        want = sorted(
            (pid for pid, p in people.items() if matches(p, f, now)),
            key=lambda pid: (people[pid]["name"], pid),
        )
        got = await members(client, saved["id"])
        assert got == want, (f, [people[i]["name"] for i in got], [people[i]["name"] for i in want])
        assert saved["member_count"] == len(want)
        assert given(saved["filter"]) == f
        read = (await client.get(f"/v1/segments/saved/{saved['id']}")).json()
        assert read["member_count"] == len(want) and given(read["filter"]) == f
        nonempty += bool(want)
    assert nonempty >= 12  # the filters are about people who exist

    # members are found when read: a new board member is in the next page
    board = await save(client, {"tags_all": ["board"], "location": "Lisbon"})
    assert await members(client, board["id"]) == []
    newcomer = await person(client, "P99", tags=["board"], location="lisbon")
    assert await members(client, board["id"]) == [newcomer["id"]]
    assert (await client.get(f"/v1/segments/saved/{board['id']}")).json()["member_count"] == 1
    listed = (await client.get("/v1/segments/saved", params={"limit": 200})).json()["items"]
    assert {s["id"]: s["member_count"] for s in listed}[board["id"]] == 1

    # nobody matches: an empty page, not an error
    nobody = await save(client, {"tags_all": ["vip", "no-such-tag"]})
    assert nobody["member_count"] == 0
    page = await client.get(f"/v1/segments/saved/{nobody['id']}/members")
    assert page.status_code == 200 and page.json() == {"items": [], "next_cursor": None}
    # a static list still works beside them
    static = await client.post(
        "/v1/segments/saved", json={"name": "two", "member_ids": [made[0]["id"], made[1]["id"]]}
    )
    assert static.status_code == 201 and static.json()["filter"] is None
    assert await members(client, static.json()["id"]) == [made[0]["id"], made[1]["id"]]
    # the ETag of a dynamic segment holds for a conditional delete
    response = await client.get(f"/v1/segments/saved/{board['id']}")
    deleted = await client.delete(
        f"/v1/segments/saved/{board['id']}", headers={"If-Match": response.headers["ETag"]}
    )
    assert deleted.status_code == 204, deleted.text


async def test_invalid_filters_are_refused(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    ada = await person(client, "Ada")
    bad = [
        {},
        {"tags_all": []},
        {"tags_any": [""]},
        {"role": "king"},
        {"industry": ""},
        {"attributes": {}},
        {"attributes": {"tier": [1]}},
        {"attributes": {"tier": {"a": 1}}},
        {"min_team_strength": 1.5},
        {"min_team_strength": "0.5"},
        {"touched_within_days": 0},
        {"touched_within_days": 1.5},
        {"not_touched_within_days": -3},
        {"touched_within_days": 10, "not_touched_within_days": 30},
        {"touched_within_days": 30, "not_touched_within_days": 30},
        {"company_ids": []},
        {"colour": "red"},
    ]
    for f in bad:
        response = await client.post("/v1/segments/saved", json={"name": "x", "filter": f})
        assert_problem(response, 422)
    both = {"name": "x", "filter": {"tags_all": ["a"]}, "member_ids": [ada["id"]]}
    assert_problem(await client.post("/v1/segments/saved", json=both), 422)
    assert_problem(await client.post("/v1/segments/saved", json={"name": "x", "filter": None}), 422)
    unknown = {"name": "x", "filter": {"company_ids": [acme["id"], "ghost"]}}
    assert (
        "ghost"
        in assert_problem(await client.post("/v1/segments/saved", json=unknown), 404)["detail"]
    )
    assert (await client.get("/v1/segments/saved")).json()["items"] == []  # nothing was saved
    assert_problem(await client.get("/v1/segments/saved/nope/members"), 404)
