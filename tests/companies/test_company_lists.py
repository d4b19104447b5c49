"""GET /v1/companies: industry, repeated tags and sorts, against Python over what was made."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company
from tests.people.test_lookups import SORTS, each_sort_pages_as, every_page, expected_order

pytestmark = pytest.mark.anyio


async def test_industry_tags_and_sorts(client: httpx.AsyncClient) -> None:
    specs = [
        ("acme", "Fintech", ["client", "eu"]),
        ("Bolt", "fintech", ["client"]),
        ("Crane", "Retail", ["eu"]),
        ("acme", "Retail", ["client", "eu", "us"]),
        ("Équipe", None, []),
        ("Dune", "Fintech", ["prospect"]),
    ]
    made = []
    for name, industry, tags in specs:
        fields = {"tags": tags, **({"industry": industry} if industry else {})}
        made.append(await company(client, name, **fields))
    cases: list[tuple[list[tuple[str, str]], Callable[[dict], bool]]] = [
        ([("industry", "FINTECH")], lambda c: (c["industry"] or "").lower() == "fintech"),
        ([("tag", "client"), ("tag", "eu")], lambda c: {"client", "eu"} <= set(c["tags"])),
        (
            [("tag", "eu"), ("industry", "retail")],
            lambda c: "eu" in c["tags"] and c["industry"] == "Retail",
        ),
    ]
    for params, keep in cases:
        want = [c for c in made if keep(c)]
        got = await every_page(client, "/v1/companies", params=[*params, ("limit", 1)])
        assert sorted(c["id"] for c in got) == sorted(c["id"] for c in want), params
        for sort in SORTS:
            got = await every_page(
                client, "/v1/companies", params=[*params, ("sort", sort), ("limit", 1)]
            )
            assert [c["id"] for c in got] == expected_order(want, sort), (params, sort)
    for sort in SORTS:
        got = await every_page(client, "/v1/companies", sort=sort, limit=2)
        assert [c["id"] for c in got] == expected_order(made, sort), sort
    # q ignores accents, and sorts too
    r = await client.get("/v1/companies", params={"q": "equipe"})
    assert [c["id"] for c in r.json()["items"]] == [made[4]["id"]]
    got = await every_page(client, "/v1/companies", q="acme", sort="-created_at", limit=1)
    assert [c["id"] for c in got] == expected_order([made[0], made[3]], "-created_at")


async def test_bad_company_list_parameters(client: httpx.AsyncClient) -> None:
    await company(client, "One")
    await company(client, "Two")
    body = assert_problem(await client.get("/v1/companies", params={"sort": "size"}), 422)
    assert any(e["loc"][-1] == "sort" for e in body["errors"])
    first = await client.get("/v1/companies", params={"sort": "name", "limit": 1})
    cursor = first.json()["next_cursor"]
    r = await client.get("/v1/companies", params={"sort": "created_at", "cursor": cursor})
    assert_problem(r, 400)


async def test_sorts_hold_for_companies_written_every_way(
    app: Any, client: httpx.AsyncClient
) -> None:
    """As for people (tests/people/test_lookups.py): every way of writing a company keeps its
    order keys, and companies stored before them get them at start-up."""
    names = ["ann", "Ann", "anna", "ann\u0000z", "an", "Émile", "zoë"]
    made = [await company(client, n) for n in names]
    r = await client.post(
        "/v1/import",
        json={"companies": [{"external_id": f"c{i}", "name": n} for i, n in enumerate(names[:3])]},
    )
    assert r.status_code == 200, r.text
    r = await client.post("/v1/import", json={"companies": [{"external_id": "c1", "name": "Bo"}]})
    assert r.status_code == 200, r.text
    patched = await client.patch(f"/v1/companies/{made[2]['id']}", json={"name": "Aaron"})
    assert patched.status_code == 200
    r = await client.post(
        f"/v1/companies/{made[0]['id']}/merge", json={"duplicate_id": made[1]["id"]}
    )
    assert r.status_code == 200, r.text
    everyone = await every_page(client, "/v1/companies", limit=100)
    assert len(everyone) == len(names) + 3 - 1  # the merged duplicate is gone
    assert {"Bo", "Aaron"} <= {c["name"] for c in everyone}
    await each_sort_pages_as(client, everyone, "/v1/companies")
    await app.state.db.driver.execute_query(
        "MATCH (c:Company) WHERE c.name IN ['an', 'zoë'] REMOVE c.sort_name, c.sort_created,"
        " c.sort_updated"
    )
    await app.state.db.apply_schema()
    await each_sort_pages_as(client, everyone, "/v1/companies")
