"""Bad input is a 4xx problem on every route, never a 500, and nothing of it is stored:
JSON nested too deep, numbers that are not finite, broken Unicode, forged cursors, moments
that are not RFC 3339 or lie outside the years date arithmetic survives."""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


def nested(levels: int, leaf: Any = 1) -> Any:
    """`levels` objects inside each other: nested(2) == {"k": {"k": 1}}."""
    value = leaf
    for _ in range(levels):
        value = {"k": value}
    return value


def deep_text(levels: int) -> str:
    """JSON text nested far deeper than Python's json module can parse."""
    return '{"k":' * levels + "1" + "}" * levels


async def names(client: httpx.AsyncClient, path: str) -> list[str]:
    response = await client.get(path, params={"limit": 200})
    assert response.status_code == 200, response.text
    return sorted(item["name"] for item in response.json()["items"])


def locs(problem: dict) -> list[list]:
    return [e["loc"] for e in problem["errors"]]


# ---- nesting ----------------------------------------------------------------------------------


async def test_sixteen_levels_of_attributes_are_stored(client: httpx.AsyncClient) -> None:
    created = await person(client, "Deep Enough", attributes=nested(16))
    got = (await client.get(f"/v1/people/{created['id']}")).json()
    assert got["attributes"] == nested(16)


@pytest.mark.parametrize("levels", [17, 300])
async def test_a_person_with_deeper_attributes_is_a_422_and_not_stored(
    client: httpx.AsyncClient, levels: int
) -> None:
    await person(client, "Kept")
    response = await client.post("/v1/people", json={"name": "Deep", "attributes": nested(levels)})
    problem = assert_problem(response, 422)
    assert ["body", "attributes"] in locs(problem)
    assert "16 levels" in problem["detail"]
    assert await names(client, "/v1/people") == ["Kept"]


async def test_a_body_nested_thousands_deep_is_a_422(client: httpx.AsyncClient) -> None:
    body = '{"name": "Abyss", "attributes": ' + deep_text(5000) + "}"
    response = await client.post(
        "/v1/people", content=body, headers={"content-type": "application/json"}
    )
    assert "16 levels" in assert_problem(response, 422)["detail"]
    assert await names(client, "/v1/people") == []


async def test_patching_deep_attributes_is_a_422_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    ada = await person(client, "Ada", attributes={"team": "core"})
    acme = await company(client, "Acme", attributes={"stage": "won"})
    for path in (f"/v1/people/{ada['id']}", f"/v1/companies/{acme['id']}"):
        response = await client.patch(path, json={"name": "Changed", "attributes": nested(40)})
        assert_problem(response, 422)
    assert (await client.get(f"/v1/people/{ada['id']}")).json()["attributes"] == {"team": "core"}
    assert await names(client, "/v1/people") == ["Ada"]
    assert await names(client, "/v1/companies") == ["Acme"]


async def test_a_company_with_deep_attributes_is_a_422_and_not_stored(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/companies", json={"name": "Deep", "attributes": nested(17)})
    assert ["body", "attributes"] in locs(assert_problem(response, 422))
    assert await names(client, "/v1/companies") == []


async def test_deep_relationship_properties_are_a_422_and_not_stored(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    acme = await company(client, "Acme")
    for rel_type, target in (("KNOWS", bob), ("WORKS_AT", acme)):
        body = {
            "type": rel_type,
            "source_id": ada["id"],
            "target_id": target["id"],
            "properties": {"note": nested(17)},
        }
        response = await client.post("/v1/relationships", json=body)
        assert ["body", "properties"] in locs(assert_problem(response, 422))
    listed = await client.get("/v1/relationships", params={"node_id": ada["id"]})
    assert listed.json()["items"] == []

    edge = await relate(client, "KNOWS", ada, bob, properties={"met": "school"})
    response = await client.patch(
        f"/v1/relationships/{edge['id']}", json={"properties": {"x": nested(20)}}
    )
    assert_problem(response, 422)
    after = (await client.get(f"/v1/relationships/{edge['id']}")).json()
    assert after["properties"] == {"met": "school"}


async def test_an_import_reports_the_deep_row_and_lands_the_good_ones(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "people": [
            {"external_id": "p-ok", "name": "Fine"},
            {"external_id": "p-deep", "name": "Deep", "attributes": nested(300)},
        ],
        "companies": [
            {"external_id": "c-deep", "name": "Deep Co", "attributes": nested(17)},
            {"external_id": "c-ok", "name": "Fine Co"},
        ],
        "relationships": [
            {
                "type": "WORKS_AT",
                "source_external_id": "p-ok",
                "target_external_id": "c-ok",
                "properties": {"x": nested(17)},
            }
        ],
    }
    response = await client.post("/v1/import", json=body)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["created"]["people"] == 1 and summary["created"]["companies"] == 1
    assert summary["created"]["relationships"] == 0
    bad = {(e["entity"], e["index"]) for e in summary["errors"]}
    assert bad == {("people", 1), ("companies", 0), ("relationships", 0)}
    assert all("16 levels" in e["message"] for e in summary["errors"])
    assert await names(client, "/v1/people") == ["Fine"]
    assert await names(client, "/v1/companies") == ["Fine Co"]


async def test_an_import_nested_thousands_deep_is_a_422(client: httpx.AsyncClient) -> None:
    body = '{"people": [{"external_id": "x", "name": "X", "attributes": ' + deep_text(5000) + "}]}"
    response = await client.post(
        "/v1/import", content=body, headers={"content-type": "application/json"}
    )
    assert "16 levels" in assert_problem(response, 422)["detail"]
    assert await names(client, "/v1/people") == []


# ---- numbers and text that cannot be stored or answered -----------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
async def test_numbers_that_are_not_finite_are_a_422(
    client: httpx.AsyncClient, literal: str
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    pair = [ada["id"], bob["id"]]
    attempts = [
        ("/v1/people", {"name": "N", "attributes": {"score": "?"}}),
        ("/v1/companies", {"name": "N", "attributes": {"a": [1, "?"]}}),
        (
            "/v1/relationships",
            {"type": "KNOWS", "source_id": ada["id"], "target_id": bob["id"], "strength": "?"},
        ),
        (
            "/v1/interactions",
            {
                "kind": "call",
                "occurred_at": "2026-01-05T10:00:00Z",
                "participant_ids": pair,
                "sentiment": "?",
            },
        ),
    ]
    for path, body in attempts:
        text = json.dumps(body).replace('"?"', literal)  # json.dumps would refuse to write them
        response = await client.post(
            path, content=text, headers={"content-type": "application/json"}
        )
        assert_problem(response, 422)
    assert await names(client, "/v1/people") == ["Ada", "Bob"]
    assert await names(client, "/v1/companies") == []
    assert (await client.get("/v1/relationships")).json()["items"] == []
    timeline = await client.get(f"/v1/people/{ada['id']}/interactions")
    assert timeline.json()["items"] == []


async def test_a_lone_surrogate_is_a_422_and_not_stored(client: httpx.AsyncClient) -> None:
    json_header = {"content-type": "application/json"}
    for body in ('{"name": "Ada \\ud800"}', '{"name": "Ada", "attributes": {"\\udfff": 1}}'):
        response = await client.post("/v1/people", content=body, headers=json_header)
        assert "Unicode" in assert_problem(response, 422)["detail"]
    assert await names(client, "/v1/people") == []


async def test_unusual_but_valid_text_round_trips(client: httpx.AsyncClient) -> None:
    text = "Zoë 🚀 \u0000 \u200b ﷽ a\u0301"
    created = await person(client, text, attributes={text: [text, 10**30, -0.0, 1e308]})
    got = (await client.get(f"/v1/people/{created['id']}")).json()
    assert got["name"] == text.strip()
    assert got["attributes"] == {text: [text, 10**30, -0.0, 1e308]}


# ---- cursors ------------------------------------------------------------------------------------


def b64(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


FORGED = [
    "%%%",
    "not-a-cursor",
    b64({"o": "abc"}),
    b64({"o": -5}),
    b64({"o": 10**40}),
    b64({"after": 7}),
    b64({"at": "-1", "id": "x"}),
    b64({"now": 1e300}),
    b64([1, 2]),
    b64({"o": 50}) + ".AAAAAAAAAAAAAAAAAAAAAA",
    "x" * 5000,
    "é",
]


async def paged_routes(client: httpx.AsyncClient) -> list[tuple[str, dict]]:
    """Every paginated route (with what it needs to exist), and a real cursor of the first."""
    team = await person(client, "Team", is_team=True)
    a, b = await person(client, "Ana"), await person(client, "Ben")
    await relate(client, "KNOWS", team, a)
    await relate(client, "KNOWS", a, b)
    acme = await company(client, "Acme")
    event = await client.post("/v1/events", json={"name": "Summit", "attendee_ids": [a["id"]]})
    saved = await client.post(
        "/v1/segments/saved", json={"name": "S", "member_ids": [a["id"], b["id"]]}
    )
    segments = await client.get("/v1/segments", params={"min_size": 1})
    assert event.status_code == saved.status_code == 201 and segments.status_code == 200
    segment_id = segments.json()["items"][0]["id"]
    return [
        ("/v1/people", {}),
        ("/v1/people", {"q": "an"}),
        ("/v1/companies", {}),
        ("/v1/companies", {"q": "acme"}),
        ("/v1/relationships", {}),
        ("/v1/relationships/cooling", {"min_strength": 0, "inactive_days": 0}),
        ("/v1/events", {}),
        (f"/v1/events/{event.json()['id']}/attendees", {}),
        (f"/v1/people/{a['id']}/interactions", {}),
        ("/v1/influencers", {}),
        ("/v1/influencers", {"scope": f"company:{acme['id']}"}),
        ("/v1/segments", {"min_size": 1}),
        (f"/v1/segments/{segment_id}/members", {}),
        ("/v1/segments/saved", {}),
        (f"/v1/segments/saved/{saved.json()['id']}/members", {}),
    ]


async def test_a_forged_cursor_is_a_400_on_every_paginated_route(
    client: httpx.AsyncClient,
) -> None:
    routes = await paged_routes(client)
    for path, params in routes:
        assert (await client.get(path, params=params)).status_code == 200, path
        for cursor in FORGED:
            response = await client.get(path, params={**params, "cursor": cursor})
            problem = assert_problem(response, 400)
            assert problem["detail"] == "cursor is not one this API gave out", (path, cursor)


async def test_a_cursor_changed_after_it_was_issued_is_a_400(client: httpx.AsyncClient) -> None:
    for i in range(3):
        await person(client, f"P{i}")
    first = (await client.get("/v1/people", params={"limit": 1})).json()
    cursor = first["next_cursor"]
    second = await client.get("/v1/people", params={"limit": 1, "cursor": cursor})
    assert second.status_code == 200 and second.json()["items"] != first["items"]

    payload, _, tag = cursor.partition(".")
    key = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    key["after"] = ""  # would restart the list: not what this API gave out
    response = await client.get("/v1/people", params={"limit": 1, "cursor": f"{b64(key)}.{tag}"})
    assert_problem(response, 400)


# ---- moments -----------------------------------------------------------------------------------

BAD_MOMENTS = [
    "-1",
    "0",
    "12345",
    "1e10",
    "",
    "yesterday",
    "2026-01-31",
    "2026-01-31T09:00:00",
    "2026-01-31T09:00Z",
    "2026-02-30T09:00:00Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+05:00",
    "2026-01-31T09:00:00-23:52",  # RFC 3339 allows it; Neo4j stores offsets within ±18:00
    "2026-01-31T09:00:00+18:01",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-05:00",
    "+12026-01-01T00:00:00Z",
]


async def test_moments_in_query_parameters_must_be_rfc_3339_in_range(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    edge = await relate(client, "KNOWS", ada, bob)
    ends = {"from_id": ada["id"], "to_id": bob["id"]}
    routes: list[tuple[str, str, dict]] = [
        ("/v1/relationships", "as_of", {}),
        (f"/v1/relationships/{edge['id']}", "as_of", {}),
        (f"/v1/people/{ada['id']}", "as_of", {}),
        (f"/v1/people/{ada['id']}/interactions", "as_of", {}),
        (f"/v1/people/{ada['id']}/interactions", "since", {}),
        (f"/v1/people/{ada['id']}/interactions", "until", {}),
        (f"/v1/people/{ada['id']}/neighborhood", "as_of", {}),
        ("/v1/paths/shortest", "as_of", ends),
    ]
    for path, name, needed in routes:
        for moment in BAD_MOMENTS:
            response = await client.get(path, params={**needed, name: moment})
            problem = assert_problem(response, 422)
            assert locs(problem) == [["query", name]], (path, moment)
        # nanoseconds and an offset are fine; a moment after the edge was made, since a
        # relationship read as of before it existed is a 404
        soon = (datetime.now(UTC) + timedelta(hours=1)).astimezone(timezone(timedelta(hours=2)))
        good_moment = soon.strftime("%Y-%m-%dT%H:%M:%S.123456789+02:00")
        good = await client.get(path, params={**needed, name: good_moment})
        assert good.status_code == 200, (path, good.text)


async def test_an_interaction_at_a_bad_moment_is_a_422_and_not_logged(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    for moment in [*BAD_MOMENTS, -1, 1767261600, 1.5, True, None, ["2026-01-31T09:00:00Z"]]:
        body = {"kind": "call", "occurred_at": moment, "participant_ids": [ada["id"], bob["id"]]}
        response = await client.post("/v1/interactions", json=body)
        assert ["body", "occurred_at"] in locs(assert_problem(response, 422)), moment
    assert (await client.get(f"/v1/people/{ada['id']}/interactions")).json()["items"] == []
    assert (await client.get("/v1/relationships")).json()["items"] == []

    week_ago = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    body = {"kind": "call", "occurred_at": week_ago, "participant_ids": [ada["id"], bob["id"]]}
    assert (await client.post("/v1/interactions", json=body)).status_code == 201


async def test_an_import_reports_interactions_at_bad_moments(client: httpx.AsyncClient) -> None:
    people = [{"external_id": x, "name": x} for x in ("a", "b")]
    rows = [
        {
            "external_id": f"i{i}",
            "kind": "call",
            "occurred_at": moment,
            "participant_external_ids": ["a", "b"],
        }
        for i, moment in enumerate(["2026-01-05T10:00:00Z", "-1", 12345, "0001-01-01T00:00:00Z"])
    ]
    response = await client.post("/v1/import", json={"people": people, "interactions": rows})
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["created"]["interactions"] == 1
    assert sorted(e["index"] for e in summary["errors"] if e["entity"] == "interactions") == [
        1,
        2,
        3,
    ]


@pytest.mark.parametrize("day", ["0001-01-01", 20200101, "2020-01-01T00:00:00Z", "2020-13-01"])
async def test_dates_must_be_rfc_3339_full_dates_in_range(
    client: httpx.AsyncClient, day: Any
) -> None:
    ada, acme = await person(client, "Ada"), await company(client, "Acme")
    body = {
        "type": "WORKS_AT",
        "source_id": ada["id"],
        "target_id": acme["id"],
        "properties": {"since": day},
    }
    assert_problem(await client.post("/v1/relationships", json=body), 422)
    assert (await client.get("/v1/relationships")).json()["items"] == []
    response = await client.post("/v1/events", json={"name": "Summit", "starts_on": day})
    assert ["body", "starts_on"] in locs(assert_problem(response, 422))
    assert (await client.get("/v1/events")).json()["items"] == []


# ---- query parameters of the wrong kind ----------------------------------------------------------


@pytest.mark.parametrize(
    "path, params",
    [
        ("/v1/people", {"limit": "99999999999999999999999999"}),
        ("/v1/people", {"limit": "1.5"}),
        ("/v1/people", {"is_team": "perhaps"}),
        ("/v1/relationships/cooling", {"min_strength": "NaN"}),
        ("/v1/relationships/cooling", {"min_strength": "Infinity"}),
        ("/v1/relationships/cooling", {"inactive_days": "-1"}),
        ("/v1/relationships/cooling", {"inactive_days": "1e999"}),
        ("/v1/paths/shortest", {"from_id": "a", "to_id": "b", "max_hops": "NaN"}),
        ("/v1/paths/shortest", {"from_id": "", "to_id": "b"}),
        ("/v1/influencers", {"metric": "pagerank; DROP"}),
        ("/v1/segments", {"min_size": "0"}),
        ("/v1/export", {"format": "exe"}),
    ],
)
async def test_query_parameters_of_the_wrong_kind_are_a_422(
    client: httpx.AsyncClient, path: str, params: dict
) -> None:
    assert_problem(await client.get(path, params=params), 422)
