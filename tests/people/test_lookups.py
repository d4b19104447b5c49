"""GET /v1/people lookups, filters and sorts (API.md v1.1 "People cards and lookups"): every
answer checked against a Python filter / sort over the people this test made."""

from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio

SORTS = ["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"]


async def every_page(
    client: httpx.AsyncClient,
    path: str,
    params: list[tuple[str, Any]] | None = None,
    **named: Any,
) -> list[dict]:
    """Every item of a list, page by page (a cursor repeated would loop: a test failure)."""
    items: list[dict] = []
    cursor = None
    for _ in range(200):
        query = [*(params or []), *named.items(), *([("cursor", cursor)] if cursor else [])]
        response = await client.get(path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("more than 200 pages")


def expected_order(people: list[dict], sort: str) -> list[str]:
    field = sort.lstrip("-")
    desc = sort.startswith("-")

    def key(p: dict) -> Any:
        return p["name"].lower() if field == "name" else p[field]

    ordered = sorted(people, key=lambda p: (key(p), p["id"]), reverse=desc)
    return [p["id"] for p in ordered]


async def crowd(client: httpx.AsyncClient) -> list[dict]:
    """People with repeated names (ties) and mixed letter case, some patched (updated_at)."""
    names = ["bob", "Alice", "Émile", "alice", "Bob", "Zoë", "carol", "Carol", "dave", "Alice"]
    made = [await person(client, n, tags=["crowd"]) for n in names]
    for p in made[::3]:  # a later update reorders updated_at
        r = await client.patch(f"/v1/people/{p['id']}", json={"title": "changed"})
        assert r.status_code == 200
        p.update(r.json())
    return made


async def test_exact_email_finds_its_owner_whatever_the_case(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada Lovelace", email="Ada.Lovelace@Analytical.example")
    await person(client, "Ada Byron", email="ada@analytical.example")
    await person(client, "Charles", email="charles@analytical.example")
    for asked in ("ada.lovelace@analytical.example", "ADA.LOVELACE@ANALYTICAL.EXAMPLE"):
        r = await client.get("/v1/people", params={"email": asked})
        assert r.status_code == 200
        assert [p["id"] for p in r.json()["items"]] == [ada["id"]]
    r = await client.get("/v1/people", params={"email": "nobody@analytical.example"})
    assert r.json() == {"items": [], "next_cursor": None}
    # a lookup with another filter: both must hold
    r = await client.get("/v1/people", params={"email": ada["email"], "is_team": "true"})
    assert r.json()["items"] == []


async def test_external_id_finds_its_person(client: httpx.AsyncClient) -> None:
    one = await person(client, "One", external_id="crm-1")
    await person(client, "Two", external_id="crm-2")
    r = await client.get("/v1/people", params={"external_id": "crm-1"})
    assert [p["id"] for p in r.json()["items"]] == [one["id"]]
    r = await client.get("/v1/people", params={"external_id": "CRM-1"})  # exact
    assert r.json()["items"] == []
    r = await client.get("/v1/people", params={"external_id": "crm-1", "email": "x@y.example"})
    assert r.json()["items"] == []


async def test_q_ignores_accents_and_case_and_matches_emails(client: httpx.AsyncClient) -> None:
    muller = await person(client, "Jürgen Müller", email="jm@bank.example")
    mueller = await person(client, "Hans Muller")
    other = await person(client, "Ada Lovelace", email="ada.l@analytical.example")
    for q, expected in [
        ("muller", {muller["id"], mueller["id"]}),
        ("MÜLLER", {muller["id"], mueller["id"]}),
        ("jurgen", {muller["id"]}),
        ("Jürg", {muller["id"]}),
        ("ada.l@analytical.example", {other["id"]}),
        ("jm@bank.example", {muller["id"]}),
        ("analytical", {other["id"]}),
    ]:
        r = await client.get("/v1/people", params={"q": q})
        assert r.status_code == 200, r.text
        assert {p["id"] for p in r.json()["items"]} == expected, q


async def test_filters_match_a_python_filter_over_the_people_made(
    client: httpx.AsyncClient,
) -> None:
    bank = await company(client, "Bank", industry="Fintech")
    shop = await company(client, "Shop", industry="Retail")
    specs = [
        ("P0", "London", ["a", "b"], {"tier": "gold", "seats": 10}, bank, "decision_maker"),
        ("P1", "london", ["a"], {"tier": "silver", "seats": "10"}, bank, "user"),
        ("P2", "Paris", ["b"], {"tier": "gold", "nested": {"tier": "gold"}}, shop, "champion"),
        ("P3", "Paris", ["a", "b", "c"], {"seats": 100, "active": True}, shop, "decision_maker"),
        ("P4", None, [], {"nested": {"tier": "gold"}, "active": "true"}, None, None),
        ("P5", "Berlin", ["c"], {"tier": "Gold"}, bank, None),
    ]
    people: list[dict] = []
    for name, location, tags, attributes, employer, role in specs:
        fields: dict[str, Any] = {"tags": tags, "attributes": attributes}
        if name in ("P0", "P3", "P4"):  # the team: read through its own index
            fields["is_team"] = True
        if location:
            fields["location"] = location
        p = await person(client, name, **fields)
        p["industry"] = employer and employer["industry"]
        p["role"] = role
        if employer is not None:
            props = {"role": role} if role else {}
            await relate(client, "WORKS_AT", p, employer, properties=props)
        people.append(p)
    # a past job does not count for role / industry
    await relate(
        client, "WORKS_AT", people[4], bank, properties={"role": "champion", "current": False}
    )

    def attr_is(key: str, value: str) -> Any:
        def test(p: dict) -> bool:
            v = p["attributes"].get(key, object())
            if isinstance(v, bool):
                return str(v).lower() == value
            if isinstance(v, int | float):
                return str(v) == value
            return v == value

        return test

    cases: list[tuple[list[tuple[str, str]], Any]] = [
        ([("tag", "a")], lambda p: "a" in p["tags"]),
        ([("is_team", "true")], lambda p: p["is_team"]),
        ([("is_team", "false")], lambda p: not p["is_team"]),
        ([("is_team", "true"), ("tag", "b")], lambda p: p["is_team"] and "b" in p["tags"]),
        (
            [("is_team", "true"), ("location", "paris")],
            lambda p: p["is_team"] and (p["location"] or "").lower() == "paris",
        ),
        ([("tag", "a"), ("tag", "b")], lambda p: {"a", "b"} <= set(p["tags"])),
        ([("tag", "b"), ("tag", "c")], lambda p: {"b", "c"} <= set(p["tags"])),
        ([("location", "LONDON")], lambda p: (p["location"] or "").lower() == "london"),
        ([("industry", "fintech")], lambda p: p["industry"] == "Fintech"),
        ([("role", "decision_maker")], lambda p: p["role"] == "decision_maker"),
        (
            [("role", "decision_maker"), ("industry", "Retail")],
            lambda p: p["role"] == "decision_maker" and p["industry"] == "Retail",
        ),
        ([("role", "champion")], lambda p: p["role"] == "champion"),
        ([("attr.tier", "gold")], attr_is("tier", "gold")),
        ([("attr.seats", "10")], attr_is("seats", "10")),
        ([("attr.active", "true")], attr_is("active", "true")),
        (
            [("attr.tier", "gold"), ("tag", "b")],
            lambda p: attr_is("tier", "gold")(p) and "b" in p["tags"],
        ),
        (
            [("company_id", bank["id"]), ("tag", "a")],
            lambda p: p["industry"] == "Fintech" and "a" in p["tags"],
        ),
    ]
    for params, keep in cases:
        want = sorted(p["id"] for p in people if keep(p))
        assert want, params  # every case matches someone and not everyone
        assert len(want) < len(people), params
        for limit in (1, 50):  # the same through pages of one
            got = await every_page(client, "/v1/people", params=[*params, ("limit", limit)])
            assert sorted(p["id"] for p in got) == want, (params, limit)
        got = await every_page(client, "/v1/people", params=[*params, ("sort", "-name")])
        assert [p["id"] for p in got] == expected_order([p for p in people if keep(p)], "-name"), (
            params
        )


@pytest.mark.parametrize("sort", SORTS)
async def test_every_sort_pages_through_the_sorted_list_exactly(
    client: httpx.AsyncClient, sort: str
) -> None:
    made = await crowd(client)
    await person(client, "outsider")  # filtered out below
    want = expected_order(made, sort)
    for limit in (1, 3, 200):
        got = await every_page(client, "/v1/people", sort=sort, limit=limit, tag="crowd")
        assert [p["id"] for p in got] == want, (sort, limit)
    everyone = await every_page(client, "/v1/people", sort=sort, limit=4)
    assert len(everyone) == len(made) + 1 == len({p["id"] for p in everyone})


async def test_sorts_hold_for_company_lookups_and_search(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    made = await crowd(client)
    staff = made[:6]
    for p in staff:
        await relate(client, "WORKS_AT", p, acme)
    got = await every_page(client, "/v1/people", company_id=acme["id"], sort="-created_at", limit=2)
    assert [p["id"] for p in got] == expected_order(staff, "-created_at")
    # q with a sort: the matches in that order instead of by relevance
    alices = [p for p in made if p["name"].lower() == "alice"]
    got = await every_page(client, "/v1/people", q="alice", sort="updated_at", limit=1)
    assert [p["id"] for p in got] == expected_order(alices, "updated_at")
    # default order of a company's people: by id
    got = await every_page(client, "/v1/people", company_id=acme["id"], limit=4)
    assert [p["id"] for p in got] == sorted(p["id"] for p in staff)


async def test_bad_list_parameters_are_problems_that_name_them(client: httpx.AsyncClient) -> None:
    await crowd(client)
    r = await client.get("/v1/people", params={"sort": "age"})
    body = assert_problem(r, 422)
    assert any(e["loc"][-1] == "sort" for e in body["errors"])
    r = await client.get("/v1/people", params={"role": "boss"})
    body = assert_problem(r, 422)
    assert any(e["loc"][-1] == "role" for e in body["errors"])
    r = await client.get("/v1/people", params={"colour": "red"})
    body = assert_problem(r, 422)
    assert "colour" in body["detail"]
    r = await client.get("/v1/people", params={"attr.": "x"})  # a key is needed
    assert "attr." in assert_problem(r, 422)["detail"]
    r = await client.get("/v1/people", params={"attr." + "k" * 101: "x"})
    assert_problem(r, 422)
    r = await client.get("/v1/people", params=[(f"attr.k{i}", "x") for i in range(11)])
    assert_problem(r, 422)
    r = await client.get("/v1/companies", params={"attr.tier": "gold"})  # people only
    assert "attr.tier" in assert_problem(r, 422)["detail"]
    r = await client.get("/v1/people", params={"tag": ""})
    assert_problem(r, 422)
    # a cursor of one sort is refused by another (it would skip or repeat people)
    first = await client.get("/v1/people", params={"sort": "name", "limit": 2})
    cursor = first.json()["next_cursor"]
    assert cursor
    r = await client.get("/v1/people", params={"sort": "-name", "cursor": cursor})
    assert_problem(r, 400)
    r = await client.get("/v1/people", params={"cursor": cursor})
    assert_problem(r, 400)
    r = await client.get("/v1/people", params={"sort": "name", "cursor": "forged.cursor"})
    assert_problem(r, 400)
    r = await client.get("/v1/people", params={"company_id": "nope", "sort": "name"})
    assert_problem(r, 404)


async def test_sorts_hold_for_people_written_every_way(app: Any, client: httpx.AsyncClient) -> None:
    """A sorted list of everyone walks stored order keys (app/common/order.py): each way of
    writing a person keeps them, and people stored before the keys existed get them at start-up
    (the schema's fill). Names that are prefixes of each other, with a NUL, or differ in case
    only, are ordered as the name then the id."""
    names = ["ann", "Ann", "anna", "ann\u0000z", "ANN\u0000", "an", "Émile", "émile", "zoë"]
    made = [await person(client, n) for n in names]
    r = await client.post(
        "/v1/import",
        json={"people": [{"external_id": f"x{i}", "name": n} for i, n in enumerate(names[:5])]},
    )
    assert r.status_code == 200, r.text
    r = await client.post(  # an import that renames one of them
        "/v1/import", json={"people": [{"external_id": "x1", "name": "Bea"}]}
    )
    assert r.status_code == 200, r.text
    patched = await client.patch(f"/v1/people/{made[2]['id']}", json={"name": "Aaron"})
    assert patched.status_code == 200
    survivor, duplicate = made[0], made[1]
    r = await client.post(
        f"/v1/people/{survivor['id']}/merge", json={"duplicate_id": duplicate["id"]}
    )
    assert r.status_code == 200, r.text
    everyone = await every_page(client, "/v1/people", limit=100)
    assert len(everyone) == len(names) + 5 - 1  # the merged duplicate is gone
    assert {"Bea", "Aaron"} <= {p["name"] for p in everyone}
    await each_sort_pages_as(client, everyone)
    # people written before the order keys existed: their keys removed, then the schema again
    await app.state.db.driver.execute_query(
        "MATCH (p:Person) WHERE p.name IN ['an', 'zoë'] REMOVE p.sort_name, p.sort_created,"
        " p.sort_updated"
    )
    await app.state.db.apply_schema()
    await each_sort_pages_as(client, everyone)


async def each_sort_pages_as(
    client: httpx.AsyncClient, everyone: list[dict], path: str = "/v1/people"
) -> None:
    """Every sort of the whole list, through pages of 1, 2 and 100, equals a Python sort."""
    for sort in SORTS:
        want = expected_order(everyone, sort)
        for limit in (1, 2, 100):
            got = await every_page(client, path, sort=sort, limit=limit)
            assert [p["id"] for p in got] == want, (sort, limit)
