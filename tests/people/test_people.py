"""People through HTTP: create, read, update, delete, list, search, and every failure answer."""

from functools import partial

import httpx
import pytest

from tests.helpers import PROBLEM, person

pytestmark = pytest.mark.anyio

create = partial(person, name="Ada Lovelace")


async def test_create_then_read_returns_what_was_sent(client: httpx.AsyncClient) -> None:
    sent = {
        "name": "Ada Lovelace",
        "email": "Ada@Analytical.example",
        "title": "Head of Engineering",
        "location": "London",
        "tags": ["prospect", "fintech"],
        "is_team": False,
        "external_id": "crm-1",
        "attributes": {"linkedin": "https://x.example/ada", "score": 3},
    }
    created = (await client.post("/v1/people", json=sent)).json()
    fetched = (await client.get(f"/v1/people/{created['id']}")).json()
    assert fetched == created
    for key, value in sent.items():
        assert fetched[key] == value
    assert fetched["created_at"].endswith(("Z", "+00:00"))


async def test_email_is_unique_whatever_its_letter_case(client: httpx.AsyncClient) -> None:
    await create(client, email="grace@navy.example")
    response = await client.post(
        "/v1/people", json={"name": "Other Grace", "email": "GRACE@Navy.Example"}
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM
    assert "grace" in response.json()["detail"].lower()


async def test_external_id_is_unique(client: httpx.AsyncClient) -> None:
    await create(client, external_id="x-1")
    response = await client.post("/v1/people", json={"name": "B", "external_id": "x-1"})
    assert response.status_code == 409


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "A", "email": "not-an-email"}, "email"),
        ({"name": "A", "tags": "not-a-list"}, "tags"),
        ({"name": "A", "is_team": "maybe"}, "is_team"),
        ({"name": "A", "unknown_field": 1}, "unknown_field"),
    ],
)
async def test_invalid_person_is_a_422_problem(
    client: httpx.AsyncClient, body: dict, field: str
) -> None:
    response = await client.post("/v1/people", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422 and problem["title"] and problem["type"]
    assert any(field in map(str, error["loc"]) for error in problem["errors"])


async def test_malformed_json_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/people", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_patch_changes_only_given_fields_and_null_clears(client: httpx.AsyncClient) -> None:
    person = await create(client, email="a@b.example", title="CTO", tags=["x"])
    response = await client.patch(
        f"/v1/people/{person['id']}", json={"title": None, "location": "Paris"}
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["title"] is None
    assert updated["location"] == "Paris"
    assert updated["email"] == "a@b.example" and updated["tags"] == ["x"]
    assert updated["updated_at"] >= person["updated_at"]
    assert (await client.get(f"/v1/people/{person['id']}")).json() == updated


async def test_patch_to_an_email_in_use_is_a_conflict(client: httpx.AsyncClient) -> None:
    await create(client, email="taken@x.example")
    other = await create(client, name="Other")
    response = await client.patch(f"/v1/people/{other['id']}", json={"email": "TAKEN@x.example"})
    assert response.status_code == 409
    # Changing the letter case of one's own email is no conflict.
    own = await create(client, name="Own", email="own@x.example")
    response = await client.patch(f"/v1/people/{own['id']}", json={"email": "OWN@x.example"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
async def test_unknown_id_is_a_404_problem(client: httpx.AsyncClient, method: str) -> None:
    kwargs = {"json": {"title": "x"}} if method == "patch" else {}
    response = await client.request(method.upper(), "/v1/people/no-such-id", **kwargs)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "no-such-id" in response.json()["detail"]


async def test_delete_removes_the_person(client: httpx.AsyncClient) -> None:
    person = await create(client)
    assert (await client.delete(f"/v1/people/{person['id']}")).status_code == 204
    assert (await client.get(f"/v1/people/{person['id']}")).status_code == 404


async def test_list_pages_through_everyone_once(client: httpx.AsyncClient) -> None:
    names = {f"Person {i:02d}" for i in range(23)}
    for name in names:
        await create(client, name=name)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/people", params=params)).json()
        seen += [p["name"] for p in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(names)


async def test_list_filters_by_tag_and_team(client: httpx.AsyncClient) -> None:
    await create(client, name="Us", is_team=True, tags=["vip"])
    await create(client, name="Them", tags=["vip", "cold"])
    await create(client, name="Nobody")
    by_tag = (await client.get("/v1/people", params={"tag": "vip"})).json()["items"]
    assert {p["name"] for p in by_tag} == {"Us", "Them"}
    team = (await client.get("/v1/people", params={"is_team": "true"})).json()["items"]
    assert [p["name"] for p in team] == ["Us"]


async def test_search_finds_by_name_prefix_and_email(client: httpx.AsyncClient) -> None:
    await create(client, name="Ada Lovelace", email="ada@analytical.example")
    await create(client, name="Charles Babbage", email="charles@engine.example")
    found = (await client.get("/v1/people", params={"q": "ada lov"})).json()["items"]
    assert [p["name"] for p in found] == ["Ada Lovelace"]
    found = (await client.get("/v1/people", params={"q": "engine"})).json()["items"]
    assert [p["name"] for p in found] == ["Charles Babbage"]
    # Lucene syntax in the input is taken literally, never a 500.
    weird = await client.get("/v1/people", params={"q": 'ada" OR (*:*'})
    assert weird.status_code == 200


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 201}, {"is_team": "perhaps"}, {"cursor": "%%%"}]
)
async def test_bad_list_parameters_are_client_errors(
    client: httpx.AsyncClient, params: dict
) -> None:
    response = await client.get("/v1/people", params=params)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM


async def test_list_by_unknown_company_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/people", params={"company_id": "nope"})
    assert response.status_code == 404


@pytest.mark.parametrize("flag", [0, 1, "true", "yes"])
async def test_is_team_takes_a_json_boolean_only(client: httpx.AsyncClient, flag: object) -> None:
    refused = await client.post("/v1/people", json={"name": "Ada", "is_team": flag})
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    assert ["body", "is_team"] in [e["loc"] for e in refused.json()["errors"]]
    ada = await person(client, "Ada", is_team=True)
    patched = await client.patch(f"/v1/people/{ada['id']}", json={"is_team": flag})
    assert patched.status_code == 422, patched.text
    assert (await client.get(f"/v1/people/{ada['id']}")).json()["is_team"] is True
