"""HTTP conventions on every route: request ids, gzip, CORS, HEAD and 405 Allow."""

import gzip
import re
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, person

pytestmark = pytest.mark.anyio


async def test_a_request_id_is_echoed_or_made_and_problems_carry_it(
    client: httpx.AsyncClient,
) -> None:
    sent = await client.get("/health", headers={"X-Request-ID": "trace-42"})
    assert sent.headers["x-request-id"] == "trace-42"
    made = await client.get("/health")
    other = await client.get("/health")
    assert len(made.headers["x-request-id"]) >= 16
    assert made.headers["x-request-id"] != other.headers["x-request-id"]
    missing = await client.get("/v1/people/nobody", headers={"X-Request-ID": "trace-43"})
    body = assert_problem(missing, 404)
    assert body["request_id"] == "trace-43" == missing.headers["x-request-id"]
    # one that cannot be a header value is replaced, not echoed
    odd = await client.get("/health", headers={"X-Request-ID": "has space"})
    assert odd.headers["x-request-id"] != "has space"


async def test_answers_over_1_kb_are_gzipped_when_asked(client: httpx.AsyncClient) -> None:
    for i in range(30):
        await person(client, f"Someone with a longish name {i}")
    raw = await client.get("/v1/people", params={"limit": 30}, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert len(raw.json()["items"]) == 30  # httpx decodes it, as a browser would
    plain = await client.get("/v1/people", params={"limit": 30}, headers={"Accept-Encoding": ""})
    assert "content-encoding" not in plain.headers
    assert len(plain.content) > 1024
    small = await client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    assert gzip.decompress(gzip.compress(plain.content)) == plain.content


async def test_head_answers_as_get_without_a_body_and_405_lists_every_method(
    client: httpx.AsyncClient,
) -> None:
    ada = await person(client, "Ada")
    got = await client.get(f"/v1/people/{ada['id']}")
    head = await client.head(f"/v1/people/{ada['id']}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert (await client.head("/v1/people/nobody")).status_code == 404
    wrong = await client.put(f"/v1/people/{ada['id']}", json={"name": "x"})
    assert_problem(wrong, 405)
    allowed = {m.strip() for m in wrong.headers["allow"].split(",")}
    assert allowed == {"GET", "HEAD", "PATCH", "DELETE"}
    listing = await client.delete("/v1/people")
    assert {m.strip() for m in listing.headers["allow"].split(",")} == {"GET", "HEAD", "POST"}


async def test_cors_preflight_and_answers_for_an_allowed_origin(make_app: Any) -> None:
    app = make_app(relmap_cors_origins="https://app.example")
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            asked = {
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "X-API-Key, Content-Type, Idempotency-Key",
            }
            pre = await http.options("/v1/people", headers=asked)
            assert pre.status_code == 204 and pre.content == b""
            assert pre.headers["access-control-allow-origin"] == "https://app.example"
            assert "POST" in pre.headers["access-control-allow-methods"]
            allowed = pre.headers["access-control-allow-headers"].lower()
            for name in ("x-api-key", "content-type", "idempotency-key", "if-match"):
                assert name in allowed
            real = await http.get("/health", headers={"Origin": "https://app.example"})
            assert real.headers["access-control-allow-origin"] == "https://app.example"
            assert "x-request-id" in real.headers["access-control-expose-headers"].lower()
            stranger = await http.get("/health", headers={"Origin": "https://evil.example"})
            assert "access-control-allow-origin" not in stranger.headers


async def test_an_unknown_query_parameter_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    await person(client, "Member", is_team=True)
    await person(client, "Outsider")
    typo = await client.get("/v1/people", params={"isTeam": "true", "limit": 5})
    body = assert_problem(typo, 422)
    assert "isTeam" in body["detail"] and body["errors"][0]["loc"] == ["query", "isTeam"]
    team = await client.get("/v1/people", params={"is_team": "true"})
    assert [p["name"] for p in team.json()["items"]] == ["Member"]
    # parameters that a dependency declares count as known (the neighborhood's options)
    ada = await person(client, "Ada")
    near = await client.get(f"/v1/people/{ada['id']}/neighborhood", params={"depth": 1})
    assert near.status_code == 200
    assert_problem(
        await client.get(f"/v1/people/{ada['id']}/neighborhood", params={"deep": 1}), 422
    )


async def test_the_key_is_checked_before_the_query(make_app: Any) -> None:
    app = make_app(relmap_api_keys={"k": "read"})
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            assert_problem(await http.get("/v1/people", params={"bogus": 1}), 401)
            known = await http.get("/v1/people", params={"bogus": 1}, headers={"X-API-Key": "k"})
            assert_problem(known, 422)


async def test_operation_ids_are_unique_and_readable(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) and "v1" not in i for i in ids), ids
    assert {"list_people", "warm_intros", "get_account_map", "import_data"} <= set(ids)


async def test_a_path_without_parameters_is_not_read_as_an_id(client: httpx.AsyncClient) -> None:
    # /v1/relationships/cooling is the cooling list, not a relationship whose id is "cooling"
    for method in ("PATCH", "DELETE", "OPTIONS"):
        wrong = await client.request(method, "/v1/relationships/cooling")
        assert_problem(wrong, 405)
        assert {m.strip() for m in wrong.headers["allow"].split(",")} == {"GET", "HEAD"}
    assert (await client.get("/v1/relationships/cooling")).status_code == 200


async def test_the_openapi_document_declares_the_conventions(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operations = {
        (method, path): op for path, ops in spec["paths"].items() for method, op in ops.items()
    }
    for (method, path), op in operations.items():
        answers = op["responses"]
        assert all("X-Request-ID" in r["headers"] for r in answers.values()), (method, path)
        if op.get("security"):
            assert {"401", "403", "422", "503"} <= set(answers), (method, path)
        if "requestBody" in op:
            assert {"400", "413"} <= set(answers), (method, path)
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert ("Idempotency-Key" in headers) == (method == "post"), (method, path)
        cursor = [p for p in op.get("parameters", []) if p["name"] == "cursor"]
        if cursor:
            assert "400" in answers and "pattern" in str(cursor[0]["schema"]), path
    too_many = operations[("post", "/v1/import")]["responses"]["429"]
    assert "Retry-After" in too_many["headers"]
    created = operations[("post", "/v1/people")]["responses"]["201"]["links"]
    assert created["GetPerson"] == {
        "operationId": "get_person",
        "parameters": {"person_id": "$response.body#/id"},
    }
    ids = {op["operationId"] for op in operations.values()}
    for op in operations.values():
        for answer in op["responses"].values():
            assert {link["operationId"] for link in answer.get("links", {}).values()} <= ids
