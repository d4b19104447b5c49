"""One interaction through HTTP: read it, correct it, delete it, log it idempotently, a note
about one person, companies it is tied to; and what each does to the strength of its pairs
(checked against tests/interactions/oracle.py, the formula of docs/strength.md)."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import ago, iso

pytestmark = pytest.mark.anyio

# Strengths are read at one moment, so the clock does not move them between two reads.
AS_OF = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)


async def post(
    client: httpx.AsyncClient, kind: str, when: datetime, *people: dict, **extra: object
) -> httpx.Response:
    body = {"kind": kind, "occurred_at": iso(when), "participant_ids": [p["id"] for p in people]}
    return await client.post("/v1/interactions", json={**body, **extra})


async def logged(
    client: httpx.AsyncClient, kind: str, when: datetime, *people: dict, **extra: object
) -> dict:
    response = await post(client, kind, when, *people, **extra)
    assert response.status_code == 201, response.text
    return response.json()


async def knows_at(
    client: httpx.AsyncClient, a: dict, b: dict, as_of: datetime = AS_OF
) -> dict | None:
    """The KNOWS edge of a pair as a list of a's relationships shows it at as_of, or None."""
    response = await client.get(
        "/v1/relationships", params={"node_id": a["id"], "type": "KNOWS", "as_of": iso(as_of)}
    )
    assert response.status_code == 200, response.text
    found = [
        r
        for r in response.json()["items"]
        if {r["source_id"], r["target_id"]} == {a["id"], b["id"]}
    ]
    assert len(found) <= 1
    return found[0] if found else None


# -- read --------------------------------------------------------------------------------------


async def test_get_an_interaction_with_its_tag(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    acme = await company(client, "Acme")
    made = await logged(
        client,
        "meeting",
        ago(3),
        bob,
        ada,
        summary="Kick-off",
        sentiment=0.5,
        company_ids=[acme["id"]],
        external_id="crm-1",
    )
    response = await client.get(f"/v1/interactions/{made['id']}")
    assert response.status_code == 200, response.text
    got = response.json()
    assert got["id"] == made["id"] and got["kind"] == "meeting" and got["summary"] == "Kick-off"
    assert datetime.fromisoformat(got["occurred_at"]) == ago(3)
    assert got["sentiment"] == 0.5 and got["external_id"] == "crm-1"
    assert [p["name"] for p in got["participants"]] == ["Ada", "Bob"]
    assert got["participant_count"] == 2 and got["company_ids"] == [acme["id"]]
    tag = response.headers["etag"]
    again = await client.get(f"/v1/interactions/{made['id']}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag and again.content == b""
    other = await client.get(f"/v1/interactions/{made['id']}", headers={"If-None-Match": '"x"'})
    assert other.status_code == 200
    assert_problem(await client.get("/v1/interactions/nope"), 404)
    # the timeline shows the same companies
    timeline = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()["items"]
    assert timeline[0]["company_ids"] == [acme["id"]]


# -- corrections -------------------------------------------------------------------------------


async def test_a_patch_gives_the_strength_it_would_have_had(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    keep = await logged(client, "email", ago(50), ada, bob)
    wrong = await logged(client, "meeting", ago(10), ada, bob, cy, sentiment=1.0)
    ac = await knows_at(client, ada, cy)
    assert ac is not None and ac["interaction_count"] == 1
    # it was a call between Ada and Bob only, a week earlier, and it did not go that well
    fix = {
        "kind": "call",
        "occurred_at": iso(ago(17)),
        "participant_ids": [ada["id"], bob["id"]],
        "sentiment": -0.5,
    }
    response = await client.patch(f"/v1/interactions/{wrong['id']}", json=fix)
    assert response.status_code == 200, response.text
    corrected = response.json()
    assert corrected["kind"] == "call" and corrected["participant_count"] == 2
    assert {p["id"] for p in corrected["participants"]} == {ada["id"], bob["id"]}
    # Ada–Cy and Bob–Cy only had this interaction: those edges are gone
    assert await knows_at(client, ada, cy) is None and await knows_at(client, bob, cy) is None
    assert_problem(await client.get(f"/v1/relationships/{ac['id']}"), 404)
    removed = corrected["removed_relationship_ids"]
    assert len(removed) == 2 and ac["id"] in removed
    ab = await knows_at(client, ada, bob)
    assert ab is not None
    touches = [("email", ago(50), 2, None), ("call", ago(17), 2, -0.5)]
    assert ab["strength"] == pytest.approx(strength(touches, AS_OF), abs=1e-9)
    assert ab["interaction_count"] == 2 and ab["strength_source"] == "interactions"
    assert datetime.fromisoformat(ab["last_interaction_at"]) == ago(17)
    # the same as if it had been logged that way: a fresh pair logged so compares equal
    dee, eve = await person(client, "Dee"), await person(client, "Eve")
    await logged(client, "email", ago(50), dee, eve)
    await logged(client, "call", ago(17), dee, eve, sentiment=-0.5)
    de = await knows_at(client, dee, eve)
    assert de is not None and de["strength"] == pytest.approx(ab["strength"], abs=1e-12)
    # the summary alone changes no strength, and Cy's timeline no longer lists it
    response = await client.patch(f"/v1/interactions/{keep['id']}", json={"summary": "intro"})
    assert response.status_code == 200 and response.json()["summary"] == "intro"
    assert (await knows_at(client, ada, bob)) == ab
    timeline = (await client.get(f"/v1/people/{cy['id']}/interactions")).json()["items"]
    assert timeline == []


async def test_a_patch_can_add_a_pair_and_clear_fields(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    made = await logged(client, "call", ago(5), ada, bob, summary="x", sentiment=0.5)
    response = await client.patch(
        f"/v1/interactions/{made['id']}",
        json={
            "participant_ids": [ada["id"], bob["id"], cy["id"]],
            "summary": None,
            "sentiment": None,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"] is None and body["sentiment"] is None and body["participant_count"] == 3
    assert len(body["relationships"]) == 3
    for a, b in ((ada, bob), (ada, cy), (bob, cy)):
        rel = await knows_at(client, a, b)
        assert rel is not None
        assert rel["strength"] == pytest.approx(
            strength([("call", ago(5), 3, None)], AS_OF), abs=1e-9
        )
    # null leaves the required fields as they are
    same = await client.patch(
        f"/v1/interactions/{made['id']}", json={"kind": None, "occurred_at": None}
    )
    assert same.status_code == 200 and same.json()["kind"] == "call"


async def test_delete_gives_back_the_base(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    manual = await relate(client, "KNOWS", ada, bob, strength=0.5)
    default = await relate(client, "KNOWS", bob, cy)
    assert manual["strength_source"] == "manual" and default["strength_source"] == "default"
    one = await logged(client, "meeting", ago(30), ada, bob, cy)
    two = await logged(client, "call", ago(3), ada, bob)
    ab, bc = await knows_at(client, ada, bob), await knows_at(client, bob, cy)
    assert ab is not None and bc is not None
    assert ab["strength_source"] == "manual+interactions" and ab["interaction_count"] == 2
    assert bc["strength_source"] == "interactions" and bc["interaction_count"] == 1
    both = [("meeting", ago(30), 3, None), ("call", ago(3), 2, None)]
    assert ab["strength"] == pytest.approx(strength(both, AS_OF, base=0.5), abs=1e-9)

    assert (await client.delete(f"/v1/interactions/{one['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/interactions/{one['id']}"), 404)
    assert_problem(await client.delete(f"/v1/interactions/{one['id']}"), 404)
    ab, bc = await knows_at(client, ada, bob), await knows_at(client, bob, cy)
    ac = await knows_at(client, ada, cy)
    assert ac is None  # made by that meeting alone
    assert ab is not None and ab["interaction_count"] == 1
    assert ab["strength"] == pytest.approx(strength(both[1:], AS_OF, base=0.5), abs=1e-9)
    # hand-set and default bases stay, at their base, when their last interaction goes
    assert bc is not None and bc["id"] == default["id"]
    assert bc["strength"] == pytest.approx(0.3) and bc["strength_source"] == "default"
    assert bc["interaction_count"] == 0 and bc["last_interaction_at"] is None
    assert (await client.delete(f"/v1/interactions/{two['id']}")).status_code == 204
    ab = await knows_at(client, ada, bob)
    assert ab is not None and ab["id"] == manual["id"]
    assert ab["strength"] == pytest.approx(0.5) and ab["strength_source"] == "manual"
    assert ab["interaction_count"] == 0 and ab["last_interaction_at"] is None


async def test_conditional_corrections(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    made = await logged(client, "call", ago(2), ada, bob)
    url = f"/v1/interactions/{made['id']}"
    tag = (await client.get(url)).headers["etag"]
    changed = await client.patch(url, json={"kind": "meeting"}, headers={"If-Match": tag})
    assert changed.status_code == 200, changed.text
    new_tag = changed.headers["etag"]
    assert new_tag != tag and new_tag == (await client.get(url)).headers["etag"]
    # a stale tag: 412 with the current one, nothing written
    stale = await client.patch(url, json={"kind": "email"}, headers={"If-Match": tag})
    assert assert_problem(stale, 412) and stale.headers["etag"] == new_tag
    assert (await client.get(url)).json()["kind"] == "meeting"
    assert_problem(await client.delete(url, headers={"If-Match": tag}), 412)
    assert (await client.get(url)).status_code == 200
    rel = await knows_at(client, ada, bob)
    assert rel is not None
    assert rel["strength"] == pytest.approx(
        strength([("meeting", ago(2), 2, None)], AS_OF), abs=1e-9
    )
    assert (await client.delete(url, headers={"If-Match": new_tag})).status_code == 204
    assert await knows_at(client, ada, bob) is None
    assert_problem(await client.patch(url, json={"kind": "call"}), 404)


async def test_bad_corrections_are_refused_and_change_nothing(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    made = await logged(client, "call", ago(2), ada, bob, sentiment=0.5)
    url = f"/v1/interactions/{made['id']}"
    before = (await client.get(url)).json()
    rel_before = await knows_at(client, ada, bob)
    cases = [
        ({"sentiment": 2}, 422),
        ({"kind": "telepathy"}, 422),
        ({"colour": "red"}, 422),
        ({"participant_ids": [ada["id"]]}, 422),  # a call needs two
        ({"participant_ids": [ada["id"], ada["id"]]}, 422),
        ({"participant_ids": []}, 422),
        ({"occurred_at": iso(datetime.now(UTC) + timedelta(days=3))}, 422),
        ({"occurred_at": "2026-01-01T10:00:00"}, 422),
        ({"participant_ids": [ada["id"], "nobody"]}, 404),
        ({"company_ids": ["no-such-company"]}, 404),
    ]
    for body, status in cases:
        assert_problem(await client.patch(url, json=body), status)
    assert (await client.get(url)).json() == before
    assert await knows_at(client, ada, bob) == rel_before
    assert_problem(await client.patch("/v1/interactions/nope", json={"kind": "call"}), 404)
    assert_problem(await client.delete("/v1/interactions/nope"), 404)


# -- logging: idempotent, a note about one person, companies -----------------------------------


async def test_the_same_external_id_logs_once(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    first = await post(client, "call", ago(1), ada, bob, external_id="crm-7", summary="hi")
    assert first.status_code == 201, first.text
    rel = await knows_at(client, ada, bob)
    assert rel is not None
    # the same again (participants in another order): the stored one, 200, nothing logged
    again = await post(client, "call", ago(1), bob, ada, external_id="crm-7", summary="hi")
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert [r["id"] for r in again.json()["relationships"]] == [rel["id"]]
    assert await knows_at(client, ada, bob) == rel
    # the same key with other content: a 409 naming the stored one, nothing logged
    for change in ({"summary": "other"}, {"sentiment": 0.1}):
        fields: dict[str, object] = {"external_id": "crm-7", "summary": "hi", **change}
        clash = await post(client, "call", ago(1), ada, bob, **fields)
        problem = assert_problem(clash, 409)
        assert first.json()["id"] in problem["detail"]
    clash = await post(client, "email", ago(1), ada, bob, external_id="crm-7", summary="hi")
    assert_problem(clash, 409)
    assert await knows_at(client, ada, bob) == rel
    timeline = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()["items"]
    assert len(timeline) == 1


async def test_concurrent_retries_of_one_external_id_log_it_once(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    when = ago(1)
    results = await asyncio.gather(
        *(post(client, "meeting", when, ada, bob, external_id="crm-8") for _ in range(8))
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 7 + [201], [r.text for r in results]
    assert len({r.json()["id"] for r in results}) == 1
    rel = await knows_at(client, ada, bob)
    assert rel is not None and rel["interaction_count"] == 1
    assert rel["strength"] == pytest.approx(strength([("meeting", when, 2, None)], AS_OF), abs=1e-9)


async def test_a_note_about_one_person(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    note = await logged(client, "note", ago(1), ada, summary="prefers mornings")
    assert note["relationships"] == [] and note["participant_count"] == 1
    assert (await client.get("/v1/relationships", params={"node_id": ada["id"]})).json()[
        "items"
    ] == []
    timeline = (await client.get(f"/v1/people/{ada['id']}/interactions")).json()["items"]
    assert [i["summary"] for i in timeline] == ["prefers mornings"]
    # any other kind needs two people
    assert_problem(await post(client, "meeting", ago(1), ada), 422)
    # the note cannot become a meeting of one, but it can take a second person in
    url = f"/v1/interactions/{note['id']}"
    assert_problem(await client.patch(url, json={"kind": "meeting"}), 422)
    response = await client.patch(url, json={"participant_ids": [ada["id"], bob["id"]]})
    assert response.status_code == 200, response.text
    rel = await knows_at(client, ada, bob)
    assert rel is not None
    assert rel["strength"] == pytest.approx(strength([("note", ago(1), 2, None)], AS_OF), abs=1e-9)
    response = await client.patch(url, json={"participant_ids": [bob["id"]]})
    assert response.status_code == 200 and response.json()["removed_relationship_ids"] == [
        rel["id"]
    ]
    assert await knows_at(client, ada, bob) is None


async def test_companies_tie_an_interaction_to_accounts(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    acme, globex = await company(client, "Acme"), await company(client, "Globex")
    missing = await post(client, "call", ago(1), ada, bob, company_ids=[acme["id"], "nope"])
    assert assert_problem(missing, 404)["missing_ids"] == ["nope"]
    assert await knows_at(client, ada, bob) is None  # nothing was logged
    made = await logged(client, "call", ago(1), ada, bob, company_ids=[globex["id"], acme["id"]])
    assert made["company_ids"] == sorted([acme["id"], globex["id"]])
    url = f"/v1/interactions/{made['id']}"
    assert (await client.get(url)).json()["company_ids"] == sorted([acme["id"], globex["id"]])
    changed = await client.patch(url, json={"company_ids": [globex["id"]]})
    assert changed.status_code == 200 and changed.json()["company_ids"] == [globex["id"]]
    cleared = await client.patch(url, json={"company_ids": None})
    assert cleared.status_code == 200 and cleared.json()["company_ids"] == []
    # a company deleted later simply drops off
    await client.patch(url, json={"company_ids": [acme["id"]]})
    assert (await client.delete(f"/v1/companies/{acme['id']}")).status_code == 204
    assert (await client.get(url)).json()["company_ids"] == []


# -- as_of: before a relationship existed, and its interactions then ----------------------------


async def test_as_of_leaves_out_what_did_not_exist_yet(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    await logged(client, "meeting", ago(100), ada, bob)
    await logged(client, "call", ago(10), ada, bob)
    await logged(client, "email", ago(40), ada, cy)
    then = ago(50)
    ab = await knows_at(client, ada, bob, then)
    assert ab is not None and ab["interaction_count"] == 1
    assert datetime.fromisoformat(ab["last_interaction_at"]) == ago(100)
    assert ab["strength"] == pytest.approx(
        strength([("meeting", ago(100), 2, None)], then), abs=1e-9
    )
    assert await knows_at(client, ada, cy, then) is None  # its first email came later
    ac = await knows_at(client, ada, cy)
    assert ac is not None
    assert_problem(
        await client.get(f"/v1/relationships/{ac['id']}", params={"as_of": iso(then)}), 404
    )
    # a hand-made edge did not exist before it was made
    dee = await person(client, "Dee")
    await relate(client, "KNOWS", ada, dee, strength=0.7)
    assert await knows_at(client, ada, dee, ago(1)) is None
    assert await knows_at(client, ada, dee, AS_OF) is not None
    # a person's relationships as of then say the same
    person_then = (await client.get(f"/v1/people/{ada['id']}", params={"as_of": iso(then)})).json()[
        "relationships"
    ]
    assert [r["other_id"] for r in person_then] == [bob["id"]]
    (row,) = person_then
    assert row["interaction_count"] == 1 and row["strength_source"] == "interactions"
    assert row["strength"] == pytest.approx(ab["strength"], abs=1e-9)
    # so do neighborhoods and paths
    hood = await client.get(f"/v1/people/{ada['id']}/neighborhood", params={"as_of": iso(then)})
    assert hood.status_code == 200, hood.text
    (edge,) = hood.json()["edges"]
    assert edge["id"] == ab["id"] and edge["strength"] == pytest.approx(ab["strength"], abs=1e-9)
    assert datetime.fromisoformat(edge["last_interaction_at"]) == ago(100)
    assert {n["id"] for n in hood.json()["nodes"]} == {ada["id"], bob["id"]}
    for other in (cy, dee):
        path = await client.get(
            "/v1/paths/shortest",
            params={"from_id": ada["id"], "to_id": other["id"], "as_of": iso(then)},
        )
        assert_problem(path, 404)
    # pages stay full when edges are left out
    page = (
        await client.get(
            "/v1/relationships", params={"node_id": ada["id"], "as_of": iso(then), "limit": 1}
        )
    ).json()
    assert [r["id"] for r in page["items"]] == [ab["id"]] and page["next_cursor"] is None
