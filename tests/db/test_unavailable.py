"""With Neo4j unreachable, every request answers a 503 problem, within the query timeout."""

import time
from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem
from tests.processes import free_port

pytestmark = pytest.mark.anyio

TIMEOUT_S = 3.0
ID = "7d1e4a52-3f0b-4c69-9a8e-5b2c7f1d9e03"
CALLS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/v1/people", {"name": "Ada"}),
    ("GET", "/v1/people", None),
    ("GET", f"/v1/people/{ID}", None),
    ("PATCH", f"/v1/people/{ID}", {"name": "Ada"}),
    ("POST", "/v1/intros", {"target_id": ID}),
    ("GET", f"/v1/people/{ID}/neighborhood", None),
    ("POST", "/v1/import", {"people": [{"external_id": "a", "name": "Ada"}]}),
    ("GET", "/v1/influencers", None),
]


async def test_every_request_answers_503_within_the_query_timeout(make_app: Any) -> None:
    app = make_app(neo4j_uri=f"bolt://127.0.0.1:{free_port()}", query_timeout_s=TIMEOUT_S)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            assert (await http.get("/health")).status_code == 200
            assert_problem(await http.get("/ready"), 503)
            for method, path, body in CALLS:
                started = time.monotonic()
                response = await http.request(method, path, json=body)
                took = time.monotonic() - started
                assert_problem(response, 503)
                assert took < TIMEOUT_S, f"{method} {path} took {took:.1f} s"
