"""Every operation of the OpenAPI document, fed generated requests: valid-ish ones drawn from
its schemas and hostile ones (JSON nested too deep, forged cursors, odd moments, wrong types,
huge numbers, NaN, broken Unicode, long text). None may answer 5xx, and every error must be
an application/problem+json document. Bounded: a few examples per operation."""

import json
import math
import string
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Settings
from app.main import create_app
from tests.helpers import PROBLEM, company, person, relate

pytestmark = pytest.mark.anyio

EXAMPLES_PER_OPERATION = 12
SPEC: dict[str, Any] = create_app(Settings()).openapi()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
    if method in ("get", "post", "put", "patch", "delete")
]


# ---- hostile values -----------------------------------------------------------------------------


def nested(levels: int, as_list: bool) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value] if as_list else {"k": value}
    return value


ODD_TEXT = [
    "",
    " ",
    "\u0000",
    "\ud800",  # a lone surrogate: json.dumps writes it as an escape
    "\u202eevil",
    "Zoë 🚀 ﷽ a\u0301",
    "' OR 1=1 --",
    "}) MATCH (n) DETACH DELETE n //",
    "x" * 5000,
    "%%%",
    "../../etc/passwd",
    "null",
    "NaN",
    "Infinity",
    "-1",
    "1e999",
    "99999999999999999999999999999",
]
ODD_MOMENTS = [
    "-1",
    "0",
    "1767261600",
    "2026-01-31",
    "2026-01-31T09:00:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-12:00",
    "2026-02-30T00:00:00Z",
    "2026-01-31T09:00:00.123456789Z",
]
FORGED_CURSORS = [
    "eyJvIjoiYWJjIn0",  # {"o":"abc"}
    "eyJvIjpbMV19",  # {"o":[1]}
    "eyJhdCI6Ii0xIiwiaWQiOjF9",  # {"at":"-1","id":1}
    "eyJzIjoieCIsImlkIjoiYSJ9",  # {"s":"x","id":"a"}
    "eyJub3ciOjFlMzAwfQ",  # {"now":1e300}
    "eyJhZnRlciI6N30.AAAAAAAAAAAAAAAAAAAAAA",  # {"after":7}, signed by someone else
    "%%%",
    "\ud800",
]
hostile_scalars = st.one_of(
    st.sampled_from(ODD_TEXT + ODD_MOMENTS + FORGED_CURSORS),
    st.sampled_from([10**30, -(10**30), 2**63, -1, 0, math.nan, math.inf, -math.inf, 1e308]),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
)
hostile = st.one_of(
    hostile_scalars,
    st.builds(nested, st.integers(17, 60), st.booleans()),
    st.lists(hostile_scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), hostile_scalars, max_size=3),
)


plain = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=10))

# ---- values from the schemas --------------------------------------------------------------------


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def from_schema(schema: dict[str, Any], ids: st.SearchStrategy[str], depth: int = 0) -> Any:
    """A strategy for values that mostly fit `schema` (ids come from the seeded graph)."""
    schema = resolve(schema)
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema["oneOf"]
        return st.one_of([from_schema(s, ids, depth) for s in options])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum", -5), schema.get("maximum", 10**6)
        return st.integers(low, high)
    if kind == "number":
        low, high = schema.get("minimum", -1e6), schema.get("maximum", 1e6)
        return st.floats(low, high, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if schema.get("format") == "date-time":
            return st.sampled_from(["2026-01-05T10:00:00Z", "2025-06-30T23:59:59+02:00"])
        if schema.get("format") == "date":
            return st.sampled_from(["2024-03-01", "1999-12-31"])
        return st.one_of(ids, st.text(string.ascii_letters + "éß -_.@", max_size=20))
    if kind == "array":
        if depth > 3:
            return st.just([])
        return st.lists(from_schema(schema.get("items", {}), ids, depth + 1), max_size=3)
    if kind == "object" or "properties" in schema:
        if depth > 3 or "properties" not in schema:
            return st.dictionaries(st.text(max_size=8), plain, max_size=3)
        required = set(schema.get("required", []))
        fields = {
            name: from_schema(sub, ids, depth + 1) for name, sub in schema["properties"].items()
        }
        return st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required},
        )
    return plain


@st.composite
def spoiled(draw: st.DrawFn, value: st.SearchStrategy[Any]) -> Any:
    """A drawn value with one of its fields (or a free-form one) made hostile."""
    base = draw(value)
    if isinstance(base, dict):
        key = draw(st.sampled_from([*base, "attributes", "properties", "extra"]))
        base = {**base, key: draw(hostile)}
    return base


def as_query(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def encoded(text: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate becomes bytes that are not UTF-8, as a hostile
    client would send them."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# ---- requests -----------------------------------------------------------------------------------


# Generated requests name the seeded graph's ids by placeholder (strategies are built before
# any database exists); `send` puts the real ids in.
POOL_SIZE = 13
PLACEHOLDERS = [f"zzid{i}zz" for i in range(POOL_SIZE)]


def typed(schema: dict[str, Any]) -> bool:
    """A parameter whose valid values the schema spells out (not free text, which would
    mostly be a wrong id or scope and hide the fault under a 404 or 422)."""
    schema = resolve(schema)
    options = schema.get("anyOf") or [schema]
    return any(
        "enum" in resolve(o) or resolve(o).get("type") in ("integer", "number", "boolean")
        for o in options
    )


@st.composite
def request_for(
    draw: st.DrawFn, method: str, path: str, operation: dict[str, Any]
) -> dict[str, Any]:
    """One fault at a time (a hostile parameter, body or extra parameter; or none), the rest
    drawn from the schemas, so the fault is what the answer is about."""
    ids = st.sampled_from(PLACEHOLDERS)
    parameters = operation.get("parameters", [])
    content = operation.get("requestBody", {}).get("content", {})
    names = [p["name"] for p in parameters]
    # a forged cursor is drawn more often: every list must refuse every forgery
    faults = [None, "unknown", *names, *(["cursor"] if "cursor" in names else [])]
    faults += ["body"] * (2 if content else 0)
    fault = draw(st.sampled_from(faults))
    url = path
    params: dict[str, str] = {}
    for parameter in parameters:
        name, schema = parameter["name"], parameter.get("schema", {})
        if name == fault:
            if name == "cursor":
                value: Any = draw(st.sampled_from(FORGED_CURSORS))
            else:
                value = draw(st.one_of(hostile, st.sampled_from(ODD_TEXT)))
        elif parameter["in"] == "path" or parameter.get("required"):
            value = draw(ids)
        elif name != "cursor" and typed(schema) and draw(st.booleans()):
            value = draw(from_schema(schema, ids))
        else:
            continue  # its default
        if parameter["in"] == "path":
            url = url.replace("{" + name + "}", encoded(as_query(value)) or "x")
        else:
            params[name] = as_query(value)
    if fault == "unknown":
        params["unknown_" + draw(st.text(string.ascii_lowercase, min_size=1, max_size=5))] = "1"
    headers: dict[str, str] = {}
    body: bytes | None = None
    if content:
        media = draw(st.sampled_from(sorted(content)))
        headers["content-type"] = media
        schema = content[media].get("schema", {})
        if media != "application/json":
            body = draw(st.sampled_from(ODD_TEXT)).encode("utf-8", "surrogatepass")
        elif fault != "body":
            body = json.dumps(draw(from_schema(schema, ids)), allow_nan=True).encode()
        else:
            shape = draw(st.integers(0, 5))
            if shape == 0:  # far deeper than Python's own JSON reader goes
                text = '{"a":' * 5000 + "1" + "}" * 5000
            elif shape == 1:
                text = draw(st.sampled_from(["", "{", "[]", "null", '"x"', "[" * 3000, "1e999"]))
            else:
                text = json.dumps(draw(spoiled(from_schema(schema, ids))), allow_nan=True)
            body = text.encode()
    return {"method": method, "url": url, "params": params, "content": body, "headers": headers}


@pytest.fixture
async def pool(client: httpx.AsyncClient) -> list[str]:
    """A small graph (in the database `client` wiped) whose ids the generated requests use;
    made once per operation, shared by its examples."""
    team = await person(client, "Tess Team", is_team=True, attributes={"a": {"b": [1, 2]}})
    ana, ben = await person(client, "Ana"), await person(client, "Ben")
    acme = await company(client, "Acme", tags=["prospect"])
    rival = await company(client, "Rival")
    edges = [
        await relate(client, "KNOWS", team, ana),
        await relate(client, "KNOWS", ana, ben),
        await relate(client, "WORKS_AT", ben, acme, properties={"role": "decision_maker"}),
        await relate(client, "COMPETES_WITH", acme, rival),
    ]
    logged = await client.post(
        "/v1/interactions",
        json={
            "kind": "meeting",
            "occurred_at": "2026-01-05T10:00:00Z",
            "participant_ids": [team["id"], ana["id"]],
        },
    )
    event = await client.post("/v1/events", json={"name": "Summit", "attendee_ids": [ben["id"]]})
    saved = await client.post("/v1/segments/saved", json={"name": "S", "member_ids": [ana["id"]]})
    for response in (logged, event, saved):
        assert response.status_code == 201, response.text
    nodes = [team, ana, ben, acme, rival, event.json(), saved.json()]
    ids = [n["id"] for n in nodes] + [e["id"] for e in edges] + ["louvain-0", "missing"]
    assert len(ids) == POOL_SIZE
    return ids


async def send(client: httpx.AsyncClient, pool: list[str], sent: dict[str, Any]) -> None:
    def real(text: str) -> str:
        for placeholder, value in zip(PLACEHOLDERS, pool, strict=True):
            text = text.replace(placeholder, value)
        return text

    query = "&".join(f"{encoded(k)}={encoded(real(v))}" for k, v in sent["params"].items())
    sent = {
        **sent,
        "url": real(sent["url"]) + (f"?{query}" if query else ""),
        "content": None
        if sent["content"] is None
        else real(sent["content"].decode("utf-8", "surrogatepass")).encode(
            "utf-8", "surrogatepass"
        ),
    }
    response = await client.request(
        sent["method"], sent["url"], content=sent["content"], headers=sent["headers"]
    )
    check(response, sent)


def check(response: httpx.Response, sent: dict[str, Any]) -> None:
    where = f"{sent['method']} {sent['url'][:300]} {(sent['content'] or b'')[:300]!r}"
    assert response.status_code < 500, f"{where} -> {response.status_code} {response.text[:500]}"
    if response.status_code >= 400:
        assert response.headers.get("content-type") == PROBLEM, f"{where} -> {response.text}"
        problem = response.json()
        assert problem["status"] == response.status_code, where
        assert all(isinstance(problem.get(k), str) and problem[k] for k in ("type", "title"))
        assert isinstance(problem.get("detail"), str), where
        for error in problem.get("errors") or []:
            assert isinstance(error["loc"], list) and isinstance(error["msg"], str), where


def fuzz(method: str, path: str, operation: dict[str, Any]) -> Any:
    """The test of one operation. (Requests are drawn by @given, outside the event loop: a draw
    inside an async test can stop it with Hypothesis's own BaseException, which would take the
    event loop of the session's fixtures down with it.)"""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(sent=request_for(method, path, operation))
    async def test(client: httpx.AsyncClient, pool: list[str], sent: dict[str, Any]) -> None:
        await send(client, pool, sent)

    test.__doc__ = f"{method} {path}: no 5xx, every error a problem"
    return test


# One test per operation of the OpenAPI document, named after its operationId.
for _method, _path, _operation in OPERATIONS:
    _name = _operation.get("operationId") or f"{_method}_{_path}"
    globals()[f"test_no_5xx_and_problems_only__{_name}"] = fuzz(_method, _path, _operation)
