"""PATCH of relationship properties is a JSON Merge Patch (RFC 7396), as attributes are."""

from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person, relate
from tests.people.test_merge_patch import rfc7396

pytestmark = pytest.mark.anyio


async def test_properties_patch_merges_recursively(client: httpx.AsyncClient) -> None:
    a, b = await person(client, "A"), await person(client, "B")
    start: dict[str, Any] = {"met": {"at": "golf", "year": 2020}, "note": "x", "tags": [1, 2]}
    edge = await relate(client, "KNOWS", a, b, properties=start)
    stored = start
    for patch in (
        {"met": {"year": None, "with": "Bob"}},
        {"note": None},
        {"tags": [3]},
        {"met": {"at": {"club": "Royal"}}},
    ):
        r = await client.patch(f"/v1/relationships/{edge['id']}", json={"properties": patch})
        assert r.status_code == 200, r.text
        stored = rfc7396(stored, patch)
        assert r.json()["properties"] == stored
        got = await client.get(f"/v1/relationships/{edge['id']}")
        assert got.json()["properties"] == stored
    r = await client.patch(f"/v1/relationships/{edge['id']}", json={"properties": None})
    assert r.json()["properties"] == {}


async def test_works_at_typed_fields_patch_the_same_way(client: httpx.AsyncClient) -> None:
    ada, acme = await person(client, "Ada"), await company(client, "Acme")
    edge = await relate(
        client,
        "WORKS_AT",
        ada,
        acme,
        properties={"title": "CTO", "role": "decision_maker", "desk": {"floor": 3, "seat": "a"}},
    )
    r = await client.patch(
        f"/v1/relationships/{edge['id']}",
        json={"properties": {"title": None, "desk": {"seat": None}}},
    )
    assert r.status_code == 200, r.text
    props = r.json()["properties"]
    assert "title" not in props or props["title"] is None
    assert props["role"] == "decision_maker" and props["desk"] == {"floor": 3}
    r = await client.patch(f"/v1/relationships/{edge['id']}", json={"properties": {"role": "boss"}})
    assert_problem(r, 422)
    r = await client.patch(f"/v1/relationships/{edge['id']}", json={"properties": [1]})
    assert_problem(r, 422)
