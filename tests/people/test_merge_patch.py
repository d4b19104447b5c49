"""PATCH of attributes is a JSON Merge Patch (RFC 7396), on people and on companies."""

from typing import Any

import httpx
import pytest

from tests.helpers import assert_problem, company, person

pytestmark = pytest.mark.anyio

START: dict[str, Any] = {
    "tier": "gold",
    "seats": 10,
    "links": {"linkedin": "https://l.example/ada", "github": "ada"},
    "langs": ["en", "fr"],
}


def rfc7396(target: Any, patch: Any) -> Any:
    """The RFC's own pseudo-code, written out here as the oracle."""
    if not isinstance(patch, dict):
        return patch
    target = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = rfc7396(target.get(name), value)
    return target


PATCHES: list[dict[str, Any]] = [
    {"tier": None},  # a key set to null is removed
    {"links": {"github": None, "x": "@ada"}},  # nested objects merge
    {"langs": ["de"]},  # lists replace
    {"seats": {"now": 12}},  # a value of another kind replaces
    {"links": "none"},
    {"new": {"deep": {"er": 1}}},
    {},
]


@pytest.mark.parametrize("kind", ["people", "companies"])
async def test_attributes_patch_merges_as_rfc_7396_says(
    client: httpx.AsyncClient, kind: str
) -> None:
    make = person if kind == "people" else company
    node = await make(client, "Merged", attributes=START)
    stored = START
    for patch in PATCHES:
        r = await client.patch(f"/v1/{kind}/{node['id']}", json={"attributes": patch})
        assert r.status_code == 200, r.text
        stored = rfc7396(stored, patch)
        assert r.json()["attributes"] == stored, patch
        again = await client.get(f"/v1/{kind}/{node['id']}")
        assert again.json()["attributes"] == stored
    # other fields leave the attributes alone; null removes them all
    r = await client.patch(f"/v1/{kind}/{node['id']}", json={"name": "Renamed"})
    assert r.json()["attributes"] == stored
    r = await client.patch(f"/v1/{kind}/{node['id']}", json={"attributes": None})
    assert r.json()["attributes"] == {}


async def test_a_patch_that_is_not_an_object_or_too_deep_is_refused(
    client: httpx.AsyncClient,
) -> None:
    ada = await person(client, "Ada", attributes=START)
    for bad in (["a"], "text", 3):
        r = await client.patch(f"/v1/people/{ada['id']}", json={"attributes": bad})
        assert_problem(r, 422)
    deep: dict[str, Any] = {"x": 1}
    for _ in range(16):
        deep = {"d": deep}
    r = await client.patch(f"/v1/people/{ada['id']}", json={"attributes": deep})
    assert_problem(r, 422)
    assert (await client.get(f"/v1/people/{ada['id']}")).json()["attributes"] == START
    r = await client.patch("/v1/people/nobody", json={"attributes": {"a": 1}})
    assert_problem(r, 404)


async def test_the_openapi_document_says_patch_is_a_merge_patch(
    client: httpx.AsyncClient,
) -> None:
    doc = (await client.get("/openapi.json")).json()
    for path in (
        "/v1/people/{person_id}",
        "/v1/companies/{company_id}",
        "/v1/relationships/{rel_id}",
    ):
        assert "RFC 7396" in doc["paths"][path]["patch"]["description"], path
