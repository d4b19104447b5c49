"""An account's journey on a hand-built history whose journey the test works out itself:
people who joined late, one who left (their later interactions are not touchpoints), one
whose end date is unknown, an interaction tied to the company by company_ids."""

import itertools
import statistics
from datetime import date, datetime, timedelta

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_journey_of_an_account(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    other = await company(client, "Other")
    sam = await person(client, "Sam", is_team=True)
    tia = await person(client, "Tia", is_team=True)
    ada, bob, cy, dee, eve = [await person(client, n) for n in ("Ada", "Bob", "Cy", "Dee", "Eve")]
    await relate(client, "WORKS_AT", ada, acme, properties={"since": "2025-01-01"})
    await relate(
        client, "WORKS_AT", bob, acme, properties={"since": "2024-06-01", "until": "2025-03-31"}
    )
    await relate(client, "WORKS_AT", bob, other, properties={"since": "2025-04-01"})
    await relate(client, "WORKS_AT", cy, acme, properties={"since": "2025-05-01"})
    await relate(client, "WORKS_AT", dee, acme, properties={"current": False})
    # (when, kind, participants, tied to Acme, is it a touchpoint of Acme)
    history = [
        ("2024-12-15T10:00:00Z", "email", [sam, ada], False, False),  # Ada not there yet
        ("2025-01-01T00:30:00Z", "meeting", [sam, ada], False, True),  # her first day
        ("2025-02-10T09:00:00Z", "call", [tia, bob], False, True),
        ("2025-03-31T23:00:00Z", "email", [sam, bob], False, True),  # Bob's last day
        ("2025-04-02T09:00:00Z", "email", [sam, bob], False, False),  # Bob has left
        ("2025-04-20T15:00:00Z", "meeting", [sam, eve], True, True),  # about Acme
        ("2025-05-10T11:00:00Z", "meeting", [tia, cy, ada], False, True),
        ("2025-06-01T08:00:00Z", "call", [sam, dee], False, False),  # Dee: end date unknown
        ("2025-06-15T12:00:00Z", "message", [ada, cy], False, True),  # no team member
        ("2025-07-01T16:00:00Z", "note", [sam, ada], False, True),
    ]
    ids = []
    for when, kind, people, tied, _ in history:
        body = {
            "kind": kind,
            "occurred_at": when,
            "participant_ids": [p["id"] for p in people],
            "summary": f"{kind} on {when[:10]}",
        }
        if tied:
            body["company_ids"] = [acme["id"]]
        response = await client.post("/v1/interactions", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    touch = [(at(h[0]), h[1], h[2], h[3], i) for h, i in zip(history, ids, strict=True) if h[4]]
    url = f"/v1/companies/{acme['id']}/journey"

    # the touchpoints, oldest first, three a page
    seen: list[dict] = []
    cursor = None
    first = None
    while True:
        params: dict = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        response = await client.get(url, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        first = first or body
        seen += body["touchpoints"]["items"]
        cursor = body["touchpoints"]["next_cursor"]
        if cursor is None:
            break
    assert [t["id"] for t in seen] == [t[4] for t in touch]
    by_id = {t["id"]: t for t in seen}
    assert by_id[ids[5]]["tied"] is True and by_id[ids[5]]["people"] == []
    assert by_id[ids[6]]["people"] == sorted([cy["id"], ada["id"]])
    assert [p["name"] for p in by_id[ids[6]]["participants"]] == ["Ada", "Cy", "Tia"]
    assert by_id[ids[2]]["people"] == [bob["id"]] and by_id[ids[2]]["kind"] == "call"
    body = first
    assert body["company"]["id"] == acme["id"] and body["company"]["name"] == "Acme"
    kinds: dict[str, int] = {}
    for _, kind, *_ in touch:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert body["by_kind"] == kinds
    assert at(body["first_touch_at"]) == touch[0][0]
    assert at(body["last_touch_at"]) == touch[-1][0]
    gaps = [(b[0] - a[0]).total_seconds() / 86400 for a, b in itertools.pairwise(touch)]
    assert body["median_gap_days"] == pytest.approx(statistics.median(gaps), abs=1e-6)
    longest = sorted(zip(touch, touch[1:], gaps, strict=False), key=lambda g: (-g[2], g[0][0]))
    assert [(at(g["from"]), at(g["to"]), g["days"]) for g in body["gaps"]] == [
        (a[0], b[0], pytest.approx(d, abs=1e-6)) for a, b, d in longest[:10]
    ]
    # months from January to July 2025, empty ones included
    months = [f"2025-{m:02d}" for m in range(1, 8)]
    assert [p["period"] for p in body["by_period"]] == months
    for row in body["by_period"]:
        want = [t for t in touch if t[0].strftime("%Y-%m") == row["period"]]
        assert row["total"] == len(want)
        assert row["start"] == row["period"] + "-01"
        for kind in ("email", "meeting", "call", "message", "social", "event", "note"):
            assert row[kind] == sum(1 for t in want if t[1] == kind)
    # owners: the team members in touchpoints, with their strongest tie to Acme's people now
    counts = {"Sam": sum(sam in t[2] for t in touch), "Tia": sum(tia in t[2] for t in touch)}
    assert [(o["person"]["name"], o["interactions"]) for o in body["owners"]] == sorted(
        counts.items(), key=lambda kv: -kv[1]
    )
    for owner in body["owners"]:
        rels = (
            await client.get(
                "/v1/relationships", params={"node_id": owner["person"]["id"], "type": "KNOWS"}
            )
        ).json()["items"]
        now_at_acme = {ada["id"], cy["id"]}  # Bob left, Dee's job is over
        ties = [r["strength"] for r in rels if {r["source_id"], r["target_id"]} & now_at_acme]
        assert owner["strength"] == pytest.approx(max(ties, default=0.0), rel=1e-6)
        assert owner["person"]["is_team"] is True

    # weeks, and a range
    weekly = (
        await client.get(
            url,
            params={
                "bucket": "week",
                "from": "2025-02-01T00:00:00Z",
                "to": "2025-05-10T11:00:00Z",
            },
        )
    ).json()
    inside = [t for t in touch if at("2025-02-01T00:00:00Z") <= t[0] <= at("2025-05-10T11:00:00Z")]
    assert [t["id"] for t in weekly["touchpoints"]["items"]] == [t[4] for t in inside]
    start = inside[0][0].date() - timedelta(days=inside[0][0].weekday())
    labels = []
    while start <= inside[-1][0].date():
        year, week, _ = start.isocalendar()
        labels.append(f"{year}-W{week:02d}")
        start += timedelta(days=7)
    assert [p["period"] for p in weekly["by_period"]] == labels
    assert sum(p["total"] for p in weekly["by_period"]) == len(inside)
    assert all(date.fromisoformat(p["start"]).weekday() == 0 for p in weekly["by_period"])
    # a range with nothing in it: an empty journey
    empty = (await client.get(url, params={"to": "2020-01-01T00:00:00Z"})).json()
    assert empty["touchpoints"] == {"items": [], "next_cursor": None}
    assert empty["by_kind"] == {} and empty["by_period"] == [] and empty["owners"] == []
    assert empty["first_touch_at"] is None and empty["median_gap_days"] is None
    # Other: Bob's email after he moved there is its touchpoint
    moved = (await client.get(f"/v1/companies/{other['id']}/journey")).json()
    assert [t["id"] for t in moved["touchpoints"]["items"]] == [ids[4]]
    assert moved["owners"][0]["person"]["name"] == "Sam"
    assert moved["owners"][0]["strength"] > 0  # Sam knows Bob, who works there now


async def test_journey_refuses_bad_input(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    url = f"/v1/companies/{acme['id']}/journey"
    assert_problem(await client.get("/v1/companies/nope/journey"), 404)
    person_id = (await person(client, "Ada"))["id"]
    assert_problem(await client.get(f"/v1/companies/{person_id}/journey"), 404)
    for params in (
        {"bucket": "year"},
        {"from": "2025-01-01"},  # a day, not a moment
        {"from": "2025-01-01T00:00:00"},  # no time zone
        {"from": "2025-02-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"},
        {"limit": 0},
        {"limit": 201},
        {"since": "2025-01-01T00:00:00Z"},
    ):
        assert_problem(await client.get(url, params=params), 422)
    assert_problem(await client.get(url, params={"cursor": "forged"}), 400)
    body = (await client.get(url)).json()
    assert body["touchpoints"]["items"] == [] and body["gaps"] == []
