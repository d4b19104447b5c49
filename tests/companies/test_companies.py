"""Companies through HTTP: create, read, update, delete, list, search, and every failure answer."""

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company

pytestmark = pytest.mark.anyio

create = partial(company, name="Analytical Engines")


async def test_create_then_read_returns_what_was_sent(client: httpx.AsyncClient) -> None:
    sent = {
        "name": "Analytical Engines Ltd",
        "domain": "Analytical.example",
        "industry": "Computing",
        "size": 120,
        "location": "London",
        "tags": ["prospect", "enterprise"],
        "external_id": "acct-1",
        "attributes": {"crm_stage": "qualified", "arr": 1200.5},
    }
    response = await client.post("/v1/companies", json=sent)
    assert response.status_code == 201
    created = response.json()
    assert created["id"]
    fetched = (await client.get(f"/v1/companies/{created['id']}")).json()
    assert fetched == created
    for key, value in sent.items():
        assert fetched[key] == value
    assert fetched["created_at"].endswith(("Z", "+00:00"))
    assert fetched["created_at"] == fetched["updated_at"]


async def test_only_a_name_is_needed(client: httpx.AsyncClient) -> None:
    company = await create(client, name="Bare")
    assert company["name"] == "Bare"
    assert company["domain"] is None and company["size"] is None
    assert company["tags"] == [] and company["attributes"] == {}


@pytest.mark.parametrize(
    "first, second",
    [
        ("acme.example", "ACME.Example"),
        ("acme.example", "www.acme.example"),
        ("WWW.Acme.example", "acme.example"),
    ],
)
async def test_domain_is_unique_ignoring_case_and_www(
    client: httpx.AsyncClient, first: str, second: str
) -> None:
    await create(client, name="Acme", domain=first)
    response = await client.post("/v1/companies", json={"name": "Acme 2", "domain": second})
    problem = assert_problem(response, 409)
    assert second in problem["detail"]


async def test_different_domains_and_no_domain_do_not_conflict(
    client: httpx.AsyncClient,
) -> None:
    await create(client, name="A", domain="a.example")
    await create(client, name="B", domain="b.example")
    await create(client, name="C")
    await create(client, name="D")  # many companies may have no domain


async def test_external_id_is_unique(client: httpx.AsyncClient) -> None:
    await create(client, external_id="x-1")
    response = await client.post("/v1/companies", json={"name": "B", "external_id": "x-1"})
    problem = assert_problem(response, 409)
    assert "x-1" in problem["detail"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "A", "domain": "not a domain"}, "domain"),
        ({"name": "A", "domain": "https://acme.example/about"}, "domain"),
        ({"name": "A", "domain": "localhost"}, "domain"),
        ({"name": "A", "size": -1}, "size"),
        ({"name": "A", "size": 10**12}, "size"),
        ({"name": "A", "size": "big"}, "size"),
        ({"name": "A", "tags": "not-a-list"}, "tags"),
        ({"name": "A", "tags": [""]}, "tags"),
        ({"name": "A", "external_id": ""}, "external_id"),
        ({"name": "A", "attributes": ["x"]}, "attributes"),
        ({"name": "A", "unknown_field": 1}, "unknown_field"),
    ],
)
async def test_invalid_company_is_a_422_problem(
    client: httpx.AsyncClient, body: dict, field: str
) -> None:
    response = await client.post("/v1/companies", json=body)
    problem = assert_problem(response, 422)
    assert any(field in map(str, error["loc"]) for error in problem["errors"])


async def test_malformed_json_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/companies", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(response, 422)


async def test_patch_changes_only_given_fields_and_null_clears(client: httpx.AsyncClient) -> None:
    company = await create(
        client, domain="a.example", industry="Retail", size=10, tags=["x"], attributes={"k": 1}
    )
    response = await client.patch(
        f"/v1/companies/{company['id']}",
        json={"industry": None, "size": 11, "location": "Paris", "name": None},
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["industry"] is None
    assert updated["size"] == 11 and updated["location"] == "Paris"
    assert updated["name"] == company["name"]  # a null name leaves the name as it is
    assert updated["domain"] == "a.example" and updated["tags"] == ["x"]
    assert updated["attributes"] == {"k": 1}
    assert updated["created_at"] == company["created_at"]
    assert updated["updated_at"] >= company["updated_at"]
    assert (await client.get(f"/v1/companies/{company['id']}")).json() == updated


async def test_patch_null_tags_and_attributes_empty_them(client: httpx.AsyncClient) -> None:
    company = await create(client, tags=["x"], attributes={"k": 1})
    response = await client.patch(
        f"/v1/companies/{company['id']}", json={"tags": None, "attributes": None}
    )
    assert response.status_code == 200
    assert response.json()["tags"] == [] and response.json()["attributes"] == {}


async def test_patch_clearing_the_domain_frees_it(client: httpx.AsyncClient) -> None:
    old = await create(client, name="Old", domain="shared.example")
    response = await client.patch(f"/v1/companies/{old['id']}", json={"domain": None})
    assert response.status_code == 200 and response.json()["domain"] is None
    await create(client, name="New", domain="shared.example")


async def test_patch_to_a_domain_in_use_is_a_conflict(client: httpx.AsyncClient) -> None:
    await create(client, name="Taken", domain="taken.example")
    other = await create(client, name="Other")
    response = await client.patch(
        f"/v1/companies/{other['id']}", json={"domain": "www.TAKEN.example"}
    )
    assert_problem(response, 409)
    assert (await client.get(f"/v1/companies/{other['id']}")).json()["domain"] is None
    # Changing the spelling of one's own domain is no conflict.
    own = await create(client, name="Own", domain="own.example")
    response = await client.patch(f"/v1/companies/{own['id']}", json={"domain": "www.OWN.example"})
    assert response.status_code == 200
    assert response.json()["domain"] == "www.OWN.example"


async def test_patch_to_an_external_id_in_use_is_a_conflict(client: httpx.AsyncClient) -> None:
    await create(client, name="Taken", external_id="e-1")
    other = await create(client, name="Other")
    response = await client.patch(f"/v1/companies/{other['id']}", json={"external_id": "e-1"})
    assert_problem(response, 409)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"size": -5}, "size"),
        ({"domain": "no spaces.example"}, "domain"),
        ({"tags": [1, {}]}, "tags"),
        ({"id": "mine"}, "id"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ],
)
async def test_invalid_patch_is_a_422_problem(
    client: httpx.AsyncClient, body: dict, field: str
) -> None:
    company = await create(client)
    response = await client.patch(f"/v1/companies/{company['id']}", json=body)
    problem = assert_problem(response, 422)
    assert any(field in map(str, error["loc"]) for error in problem["errors"])


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
async def test_unknown_id_is_a_404_problem(client: httpx.AsyncClient, method: str) -> None:
    kwargs = {"json": {"industry": "x"}} if method == "patch" else {}
    response = await client.request(method.upper(), "/v1/companies/no-such-id", **kwargs)
    problem = assert_problem(response, 404)
    assert "no-such-id" in problem["detail"]


async def test_delete_removes_the_company_and_its_edges(client: httpx.AsyncClient) -> None:
    company = await create(client, domain="gone.example", external_id="gone")
    person = (await client.post("/v1/people", json={"name": "Employee"})).json()
    linked = await client.post(
        "/v1/relationships",
        json={"type": "WORKS_AT", "source_id": person["id"], "target_id": company["id"]},
    )
    assert linked.status_code == 201, linked.text

    assert (await client.delete(f"/v1/companies/{company['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/companies/{company['id']}"), 404)
    assert_problem(await client.delete(f"/v1/companies/{company['id']}"), 404)
    # The person stays, the edge is gone, and the domain and external_id are free again.
    assert (await client.get(f"/v1/people/{person['id']}")).status_code == 200
    assert_problem(await client.get(f"/v1/relationships/{linked.json()['id']}"), 404)
    employees = await client.get("/v1/people", params={"company_id": company["id"]})
    assert_problem(employees, 404)
    await create(client, domain="gone.example", external_id="gone")


async def test_list_pages_through_every_company_once(client: httpx.AsyncClient) -> None:
    names = {f"Company {i:02d}" for i in range(23)}
    for name in names:
        await create(client, name=name)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/companies", params=params)
        assert response.status_code == 200
        page = response.json()
        seen += [c["name"] for c in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(names)


async def test_empty_list_is_an_empty_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/companies")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}


async def test_list_filters_by_tag(client: httpx.AsyncClient) -> None:
    await create(client, name="Client", tags=["client", "vip"])
    await create(client, name="Vendor", tags=["vendor", "vip"])
    await create(client, name="Nobody")
    by_tag = (await client.get("/v1/companies", params={"tag": "vip"})).json()["items"]
    assert {c["name"] for c in by_tag} == {"Client", "Vendor"}
    clients = (await client.get("/v1/companies", params={"tag": "client"})).json()["items"]
    assert [c["name"] for c in clients] == ["Client"]


async def test_search_finds_by_name_prefix_and_domain(client: httpx.AsyncClient) -> None:
    await create(client, name="Analytical Engines", domain="babbage.example", tags=["t"])
    await create(client, name="Difference Works", domain="lovelace.example")
    found = (await client.get("/v1/companies", params={"q": "analytical eng"})).json()["items"]
    assert [c["name"] for c in found] == ["Analytical Engines"]
    found = (await client.get("/v1/companies", params={"q": "lovelace"})).json()["items"]
    assert [c["name"] for c in found] == ["Difference Works"]
    found = (await client.get("/v1/companies", params={"q": "lovelace.example"})).json()["items"]
    assert [c["name"] for c in found] == ["Difference Works"]
    both = {"q": "analytical", "tag": "nope"}
    assert (await client.get("/v1/companies", params=both)).json()["items"] == []
    # Lucene syntax in the input is taken literally, never a 500.
    for q in ['ana" OR (*:*', "*", "AND", "&&", "\\"]:
        weird = await client.get("/v1/companies", params={"q": q})
        assert weird.status_code == 200, q


async def test_search_pages(client: httpx.AsyncClient) -> None:
    for i in range(5):
        await create(client, name=f"Globex {i}")
    first = (await client.get("/v1/companies", params={"q": "globex", "limit": 3})).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    params = {"q": "globex", "limit": 3, "cursor": first["next_cursor"]}
    second = (await client.get("/v1/companies", params=params)).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    names = [c["name"] for c in first["items"] + second["items"]]
    assert sorted(names) == [f"Globex {i}" for i in range(5)]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"cursor": "%%%"}, {"q": "x" * 201}],
)
async def test_bad_list_parameters_are_client_errors(
    client: httpx.AsyncClient, params: dict
) -> None:
    response = await client.get("/v1/companies", params=params)
    assert response.status_code in (400, 422)
    assert_problem(response, response.status_code)


ROUTES = [
    ("POST", "/v1/companies", {"name": "X"}, "write"),
    ("GET", "/v1/companies", None, "read"),
    ("GET", "/v1/companies/some-id", None, "read"),
    ("PATCH", "/v1/companies/some-id", {"industry": "x"}, "write"),
    ("DELETE", "/v1/companies/some-id", None, "write"),
]


@pytest.fixture
async def keyed(make_app: Any, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """An app with auth on and a 1 KiB body limit; `client` has wiped the database."""
    app = make_app(relmap_api_keys={"r": "read", "w": "write"}, relmap_max_body_bytes=1024)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            yield http


@pytest.mark.parametrize("method, path, body, scope", ROUTES)
async def test_every_route_needs_a_key_of_its_scope(
    keyed: httpx.AsyncClient, method: str, path: str, body: dict | None, scope: str
) -> None:
    assert_problem(await keyed.request(method, path, json=body), 401)
    assert_problem(await keyed.request(method, path, json=body, headers={"X-API-Key": "x"}), 401)
    read = await keyed.request(method, path, json=body, headers={"X-API-Key": "r"})
    if scope == "write":
        assert_problem(read, 403)
    else:
        assert read.status_code in (200, 404)
    write = await keyed.request(method, path, json=body, headers={"X-API-Key": "w"})
    assert write.status_code in (200, 201, 204, 404)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_a_body_over_the_limit_is_a_413_problem(
    keyed: httpx.AsyncClient, client: httpx.AsyncClient, method: str
) -> None:
    company = await create(client)
    path = "/v1/companies" if method == "POST" else f"/v1/companies/{company['id']}"
    body = {"name": "Big", "attributes": {"blob": "x" * 2000}}
    response = await keyed.request(method, path, json=body, headers={"X-API-Key": "w"})
    assert_problem(response, 413)
    assert (await client.get("/v1/companies")).json()["items"] == [company]


async def test_size_takes_a_json_integer_only(client: httpx.AsyncClient) -> None:
    for size in (False, True, "120", 12.5):
        refused = await client.post("/v1/companies", json={"name": "Acme", "size": size})
        assert ["body", "size"] in [e["loc"] for e in assert_problem(refused, 422)["errors"]]
    acme = await company(client, "Acme", size=120.0)  # 120.0 is the JSON integer 120
    assert acme["size"] == 120
    patched = await client.patch(f"/v1/companies/{acme['id']}", json={"size": False})
    assert_problem(patched, 422)
    assert (await client.get(f"/v1/companies/{acme['id']}")).json()["size"] == 120
