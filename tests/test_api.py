"""What every route shares: auth, body limits, problem answers, operations endpoints, OpenAPI."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.db.queries import QueryRegistry
from tests.helpers import PROBLEM, assert_problem

pytestmark = pytest.mark.anyio

KEYS = {"r": "read", "w": "write", "a": "admin"}
LIMIT = 4096
TEST_QUERIES = QueryRegistry.load(Path(__file__).resolve().parent / "cypher")


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (its own driver) and talk to it over ASGI."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            yield http


@pytest.fixture
async def keyed(make_app: Any, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """Auth on with a read, a write and an admin key, and a small body limit (`client` wipes)."""
    async with serve(make_app(relmap_api_keys=KEYS, relmap_max_body_bytes=LIMIT)) as http:
        yield http


# ---- auth -------------------------------------------------------------------------------------

WRITES: list[tuple[str, str, dict | None]] = [
    ("POST", "/v1/people", {"name": "Ada"}),
    ("POST", "/v1/companies", {"name": "Acme"}),
    ("PATCH", "/v1/people/some-id", {"title": "CTO"}),
    ("DELETE", "/v1/companies/some-id", None),
]
READS: list[tuple[str, str, dict | None]] = [
    ("GET", path, None)
    for path in ("/v1/people", "/v1/companies", "/v1/people/some-id", "/v1/companies/some-id")
]


@pytest.mark.parametrize("method, path, body", READS + WRITES)
async def test_no_key_is_a_401_problem(
    keyed: httpx.AsyncClient, method: str, path: str, body: dict | None
) -> None:
    response = await keyed.request(method, path, json=body)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "ApiKey"


@pytest.mark.parametrize("key", ["wrong", "R", "r ", "rw", "x" * 500])
async def test_a_wrong_key_is_a_401_problem(keyed: httpx.AsyncClient, key: str) -> None:
    assert_problem(await keyed.get("/v1/people", headers={"X-API-Key": key}), 401)


@pytest.mark.parametrize("method, path, body", WRITES)
async def test_a_read_key_on_a_write_route_is_a_403_problem(
    keyed: httpx.AsyncClient, method: str, path: str, body: dict | None
) -> None:
    response = await keyed.request(method, path, json=body, headers={"X-API-Key": "r"})
    problem = assert_problem(response, 403)
    assert "write" in problem["detail"]
    listed = await keyed.get("/v1/people", headers={"X-API-Key": "r"})
    assert listed.json()["items"] == []  # nothing was written


@pytest.mark.parametrize("key", ["r", "w", "a"])
async def test_every_key_reads(keyed: httpx.AsyncClient, key: str) -> None:
    for path in ("/v1/people", "/v1/companies"):
        response = await keyed.get(path, headers={"X-API-Key": key})
        assert response.status_code == 200, response.text
        assert response.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("key", ["w", "a"])
async def test_write_and_admin_keys_write(keyed: httpx.AsyncClient, key: str) -> None:
    headers = {"X-API-Key": key}
    created = await keyed.post("/v1/companies", json={"name": "Acme"}, headers=headers)
    assert created.status_code == 201, created.text
    company_id = created.json()["id"]
    changed = await keyed.patch(
        f"/v1/companies/{company_id}", json={"industry": "Retail"}, headers=headers
    )
    assert changed.status_code == 200 and changed.json()["industry"] == "Retail"
    read = await keyed.get(f"/v1/companies/{company_id}", headers={"X-API-Key": "r"})
    assert read.json()["industry"] == "Retail"
    deleted = await keyed.delete(f"/v1/companies/{company_id}", headers=headers)
    assert deleted.status_code == 204


@pytest.mark.parametrize("path", ["/health", "/ready", "/docs", "/openapi.json"])
async def test_operations_and_docs_need_no_key(keyed: httpx.AsyncClient, path: str) -> None:
    response = await keyed.get(path)
    assert response.status_code == 200, response.text


# ---- body size --------------------------------------------------------------------------------


def big_person() -> dict:
    return {"name": "Big", "attributes": {"blob": "x" * (2 * LIMIT)}}


async def test_a_body_over_the_limit_is_a_413_problem(keyed: httpx.AsyncClient) -> None:
    headers = {"X-API-Key": "w"}
    response = await keyed.post("/v1/people", json=big_person(), headers=headers)
    assert_problem(response, 413)
    assert str(LIMIT) in response.json()["detail"]
    listed = await keyed.get("/v1/people", headers=headers)
    assert listed.json()["items"] == []


async def test_a_streamed_body_over_the_limit_is_a_413_problem(keyed: httpx.AsyncClient) -> None:
    raw = json.dumps(big_person()).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(raw), 1000):
            yield raw[start : start + 1000]

    headers = {"X-API-Key": "w", "content-type": "application/json"}
    response = await keyed.post("/v1/people", content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_problem(response, 413)
    listed = await keyed.get("/v1/people", headers=headers)
    assert listed.json()["items"] == []


async def test_a_streamed_body_under_the_limit_is_fine(keyed: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"name": '
        yield b'"Streamed"}'

    headers = {"X-API-Key": "w", "content-type": "application/json"}
    response = await keyed.post("/v1/people", content=chunks(), headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Streamed"


# ---- routing problems -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/nope", "/v1", "/v1/peoples", "/v1/people/x/y/z"])
async def test_an_unknown_route_is_a_404_problem(keyed: httpx.AsyncClient, path: str) -> None:
    assert_problem(await keyed.get(path), 404)
    assert_problem(await keyed.get(path, headers={"X-API-Key": "a"}), 404)


@pytest.mark.parametrize(
    "method, path",
    [("DELETE", "/v1/people"), ("PUT", "/v1/companies/x"), ("POST", "/health")],
)
async def test_a_wrong_method_is_a_405_problem(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)
    assert_problem(response, 405)
    assert response.headers["allow"]


# ---- operations -------------------------------------------------------------------------------


async def test_health_says_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_ready_says_ready_when_neo4j_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_ready_puts_back_a_constraint_someone_dropped(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """Part of the schema gone (dropped by hand, or caught half re-applied) is not ready: the
    probe says which constraint is missing, and the next one finds it applied again."""
    async with app.state.db.driver.session() as session:
        drop = TEST_QUERIES["drop_constraint"].text
        await (await session.run(drop, name="person_email")).consume()
    problem = assert_problem(await client.get("/ready"), 503)
    assert "person_email" in problem["detail"]
    assert (await client.get("/ready")).status_code == 200
    async with app.state.db.driver.session() as session:
        listed = await session.run(TEST_QUERIES["list_constraints"].text)
        assert "person_email" in [record["name"] async for record in listed]


async def run_test_query(app: FastAPI, statement: str, /, **params: Any) -> list[dict[str, Any]]:
    async with app.state.db.driver.session() as session:  # auto-commit: schema commands too
        result = await session.run(TEST_QUERIES[statement].text, params)
        return [record.data() async for record in result]


async def test_ready_removes_twins_of_relmaps_own_keyed_nodes_and_applies_the_schema(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """Processes still writing while their database was replaced can MERGE the graph version
    and a scan's marker twice before the constraints are back, and then the constraints could
    never be created (every request a 503). Those nodes are relmap's own: applying the schema
    keeps the highest version and the marker started last, and the constraints are created."""
    for name in ("graph_version_key", "signal_scan_key"):
        await run_test_query(app, "drop_constraint", name=name)
    await run_test_query(app, "add_keyed_twins", ahead=5)
    (before,) = await run_test_query(app, "keyed_copies")
    assert len(before["versions"]) == 2
    assert sorted(before["markers"]) == ["latest", "stale"]
    highest = max(before["versions"])

    problem = assert_problem(await client.get("/ready"), 503)
    assert "graph_version_key" in problem["detail"]
    assert "signal_scan_key" in problem["detail"]
    assert (await client.get("/ready")).status_code == 200
    (after,) = await run_test_query(app, "keyed_copies")
    assert after == {"versions": [highest], "markers": ["latest"]}
    listed = {row["name"] for row in await run_test_query(app, "list_constraints")}
    assert {"graph_version_key", "signal_scan_key"} <= listed
    # the version goes on from the highest: one counter again
    created = await client.post("/v1/people", json={"name": "Ada"})
    assert created.status_code == 201
    (written,) = await run_test_query(app, "keyed_copies")
    assert written["versions"] == [highest + 1]


async def test_ready_names_a_constraint_that_data_in_the_graph_keeps_from_being_created(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """Two people with one email (written past the API while person_email was missing) are
    data nothing may merge by itself: /ready says which constraint they stop, data routes are
    503s, and once one of them is gone the schema is applied by itself."""
    ada = (await client.post("/v1/people", json={"name": "Ada", "email": "a@x.org"})).json()
    bob = (await client.post("/v1/people", json={"name": "Bob", "email": "b@x.org"})).json()
    await run_test_query(app, "drop_constraint", name="person_email")
    await run_test_query(app, "give_email", id=bob["id"], email="A@x.org")
    assert_problem(await client.get("/ready"), 503)  # missing: seen, applied at the next
    problem = assert_problem(await client.get("/ready"), 503)
    assert "cannot be applied" in problem["detail"]
    assert "person_email" in problem["detail"]
    assert "a@x.org" not in problem["detail"]  # no one's data in an unauthenticated probe
    assert_problem(await client.get("/v1/people"), 503)
    await run_test_query(app, "delete_person_node", id=bob["id"])
    assert (await client.get("/ready")).status_code == 200
    listed = {row["name"] for row in await run_test_query(app, "list_constraints")}
    assert "person_email" in listed
    people = (await client.get("/v1/people")).json()
    assert [p["id"] for p in people["items"]] == [ada["id"]]


async def test_metrics_is_prometheus_text(client: httpx.AsyncClient) -> None:
    await client.get("/v1/companies")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "# TYPE relmap_requests_total counter" in text
    assert "# TYPE relmap_request_seconds histogram" in text
    counted = 'relmap_requests_total{method="GET",route="/v1/companies",status="200"} '
    line = next(row for row in text.splitlines() if row.startswith(counted))
    assert float(line.rsplit(" ", 1)[1]) >= 1


async def test_ready_is_a_503_problem_while_neo4j_is_down(make_app: Any) -> None:
    app = make_app(neo4j_uri="bolt://127.0.0.1:1")  # nothing listens there
    async with serve(app) as http:  # start-up tolerates the missing database
        assert app.state.schema.ready is False
        problem = assert_problem(await http.get("/ready"), 503)
        assert "Neo4j" in problem["detail"]
        assert (await http.get("/health")).status_code == 200
        # a data route waits for the schema no longer than Neo4j takes to refuse
        problem = assert_problem(await http.get("/v1/people"), 503)
        assert "schema" in problem["detail"]
        keyed = await http.post(
            "/v1/people", json={"name": "Ada"}, headers={"Idempotency-Key": "first-start"}
        )
        assert "schema" in assert_problem(keyed, 503)["detail"]


# ---- OpenAPI ----------------------------------------------------------------------------------


@pytest.fixture
async def spec(client: httpx.AsyncClient) -> dict:
    """The document the docs pages render, as served."""
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def shows_example(spec: dict, schema: dict, depth: int = 0) -> bool:
    """Would Swagger UI / ReDoc fill this in from an example rather than "string" and 0?"""
    schema = resolve(spec, schema)
    if "example" in schema or schema.get("examples") or depth > 6:
        return bool(schema.get("example") is not None or schema.get("examples"))
    for combined in ("anyOf", "oneOf", "allOf"):
        branches = [b for b in schema.get(combined, []) if b.get("type") != "null"]
        if branches:
            return any(shows_example(spec, b, depth + 1) for b in branches)
    if schema.get("type") == "array" and "items" in schema:
        return shows_example(spec, schema["items"], depth + 1)
    properties = schema.get("properties") or {}
    if properties:
        required = schema.get("required", [])
        return all(shows_example(spec, properties[name], depth + 1) for name in required) and any(
            shows_example(spec, prop, depth + 1) for prop in properties.values()
        )
    return False


def media_shows_example(spec: dict, media: dict) -> bool:
    if media.get("example") is not None or media.get("examples"):
        return True
    return "schema" in media and shows_example(spec, media["schema"])


async def test_openapi_lists_the_contract_routes(spec: dict) -> None:
    listed = {(method, path) for method, path, _ in operations(spec)}
    for method in ("POST", "GET"):
        assert (method, "/v1/companies") in listed and (method, "/v1/people") in listed
    for method in ("GET", "PATCH", "DELETE"):
        assert (method, "/v1/companies/{company_id}") in listed
    assert {("GET", "/health"), ("GET", "/ready"), ("GET", "/metrics")} <= listed


async def test_every_operation_has_a_one_line_summary(spec: dict) -> None:
    lacking = []
    for method, path, operation in operations(spec):
        summary = operation.get("summary", "")
        # The docstring is what the docs show under the summary: one line too.
        description = operation.get("description", "").strip()
        if not summary.strip() or "\n" in summary or not description or "\n" in description:
            lacking.append(f"{method} {path}")
    assert lacking == []


async def test_every_request_body_shows_an_example(spec: dict) -> None:
    lacking = [
        f"{method} {path} body ({media_type})"
        for method, path, operation in operations(spec)
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items()
        if not media_shows_example(spec, media)
    ]
    assert lacking == []


async def test_every_response_shows_an_example(spec: dict) -> None:
    lacking = [
        f"{method} {path} {status} ({media_type})"
        for method, path, operation in operations(spec)
        for status, answer in operation["responses"].items()
        for media_type, media in answer.get("content", {}).items()
        if not media_shows_example(spec, media)
    ]
    assert lacking == []
    undescribed = [
        f"{method} {path} {status}"
        for method, path, operation in operations(spec)
        for status, answer in operation["responses"].items()
        if not answer.get("description")
    ]
    assert undescribed == []


async def test_every_problem_answer_is_documented_as_problem_json(spec: dict) -> None:
    wrong = []
    for method, path, operation in operations(spec):
        for status, answer in operation["responses"].items():
            if int(status) < 400:
                continue
            media = answer.get("content", {})
            documented = (
                list(media) == [PROBLEM]
                and media[PROBLEM].get("example", {}).get("status") == int(status)
                and resolve(spec, media[PROBLEM].get("schema", {})).get("title") == "Problem"
            )
            if not documented:
                wrong.append(f"{method} {path} {status}: {list(media)}")
    assert wrong == []


async def test_protected_operations_declare_401_and_403(spec: dict) -> None:
    lacking = [
        f"{method} {path}"
        for method, path, operation in operations(spec)
        if operation.get("security") and not {"401", "403"} <= set(operation["responses"])
    ]
    assert lacking == []
