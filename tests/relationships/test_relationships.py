"""Relationships through HTTP: types and their endpoints, defaults, one edge per pair, updates."""

import httpx
import pytest

from app.common.kinds import DEFAULT_STRENGTH, RelType
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def test_create_read_and_list_a_knows_edge(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    rel = await relate(client, "KNOWS", ada, bob, strength=0.7, properties={"since": "school"})
    assert rel["strength"] == pytest.approx(0.7)
    assert rel["strength_source"] == "manual"
    assert rel["properties"] == {"since": "school"}
    fetched = (await client.get(f"/v1/relationships/{rel['id']}")).json()
    assert fetched["id"] == rel["id"] and fetched["strength"] == pytest.approx(0.7)
    # listed from either end
    for node in (ada, bob):
        page = (await client.get("/v1/relationships", params={"node_id": node["id"]})).json()
        assert [r["id"] for r in page["items"]] == [rel["id"]]


async def test_every_edge_gets_its_type_default_strength(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    rel = await relate(client, "REPORTS_TO", ada, bob)
    assert rel["strength"] == pytest.approx(DEFAULT_STRENGTH[RelType.REPORTS_TO])
    assert rel["strength_source"] == "default"


async def test_a_second_knows_between_the_same_pair_is_a_conflict(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    first = await relate(client, "KNOWS", ada, bob)
    body = {"type": "KNOWS", "source_id": bob["id"], "target_id": ada["id"]}
    problem = assert_problem(await client.post("/v1/relationships", json=body), 409)
    assert problem["existing_id"] == first["id"]
    # a directed type may exist once each way
    await relate(client, "INFLUENCES", ada, bob)
    await relate(client, "INFLUENCES", bob, ada)


async def test_wrong_endpoint_labels_are_a_422(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    body = {"type": "WORKS_AT", "source_id": ada["id"], "target_id": bob["id"]}
    problem = assert_problem(await client.post("/v1/relationships", json=body), 422)
    assert "WORKS_AT" in problem["detail"]


async def test_works_at_keeps_typed_properties(client: httpx.AsyncClient) -> None:
    ada, acme = await person(client, "Ada"), await company(client, "Acme")
    rel = await relate(
        client,
        "WORKS_AT",
        ada,
        acme,
        properties={"title": "CTO", "role": "decision_maker", "since": "2020-01-01", "desk": 4},
    )
    assert rel["properties"] == {
        "title": "CTO",
        "role": "decision_maker",
        "since": "2020-01-01",
        "current": True,
        "desk": 4,
    }
    body = {
        "type": "WORKS_AT",
        "source_id": ada["id"],
        "target_id": acme["id"],
        "properties": {"role": "emperor"},
    }
    # a second WORKS_AT to the same company is a conflict; a bad role is a 422 first
    problem = assert_problem(await client.post("/v1/relationships", json=body), 422)
    assert any("role" in map(str, e["loc"]) for e in problem["errors"])


async def test_unknown_endpoint_is_a_404_and_self_loop_a_422(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada")
    body = {"type": "KNOWS", "source_id": ada["id"], "target_id": "ghost"}
    assert (
        "ghost" in assert_problem(await client.post("/v1/relationships", json=body), 404)["detail"]
    )
    body = {"type": "KNOWS", "source_id": ada["id"], "target_id": ada["id"]}
    assert_problem(await client.post("/v1/relationships", json=body), 422)
    body = {"type": "LOVES", "source_id": ada["id"], "target_id": ada["id"]}
    assert_problem(await client.post("/v1/relationships", json=body), 422)
    body = {"type": "KNOWS", "source_id": ada["id"], "target_id": "x", "strength": 1.5}
    assert_problem(await client.post("/v1/relationships", json=body), 422)


async def test_patch_sets_strength_by_hand_and_merges_properties(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    rel = await relate(client, "KNOWS", ada, bob, properties={"a": 1, "b": 2})
    response = await client.patch(
        f"/v1/relationships/{rel['id']}", json={"strength": 0.9, "properties": {"b": None, "c": 3}}
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["strength"] == pytest.approx(0.9) and updated["strength_source"] == "manual"
    assert updated["properties"] == {"a": 1, "c": 3}
    back = await client.patch(f"/v1/relationships/{rel['id']}", json={"strength": None})
    assert back.json()["strength"] == pytest.approx(DEFAULT_STRENGTH[RelType.KNOWS])
    assert back.json()["strength_source"] == "default"
    assert_problem(await client.patch(f"/v1/relationships/{rel['id']}", json={"type": "X"}), 422)
    assert_problem(await client.patch("/v1/relationships/nope", json={"strength": 0.1}), 404)


async def test_delete_relationship_and_node_delete_removes_edges(
    client: httpx.AsyncClient,
) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    one = await relate(client, "KNOWS", ada, bob)
    two = await relate(client, "KNOWS", bob, cy)
    assert (await client.delete(f"/v1/relationships/{one['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/relationships/{one['id']}"), 404)
    assert_problem(await client.delete(f"/v1/relationships/{one['id']}"), 404)
    assert (await client.delete(f"/v1/people/{cy['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/relationships/{two['id']}"), 404)


async def test_list_filters_by_type_and_pages(client: httpx.AsyncClient) -> None:
    hub = await person(client, "Hub")
    ids = set()
    for i in range(7):
        other = await person(client, f"P{i}")
        ids.add((await relate(client, "KNOWS", hub, other))["id"])
    boss = await person(client, "Boss")
    await relate(client, "REPORTS_TO", hub, boss)
    seen, cursor = [], None
    while True:
        params = {"node_id": hub["id"], "type": "knows", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/relationships", params=params)).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids)
    assert_problem(await client.get("/v1/relationships", params={"type": "FRIENDS"}), 422)
    assert_problem(await client.get("/v1/relationships", params={"node_id": "ghost"}), 404)
    assert_problem(
        await client.get("/v1/relationships", params={"as_of": "2026-01-01T00:00:00"}), 422
    )


async def test_strength_takes_a_json_number_only(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    body = {"type": "KNOWS", "source_id": ada["id"], "target_id": bob["id"]}
    for strength in ("0.5", True):
        refused = await client.post("/v1/relationships", json={**body, "strength": strength})
        assert ["body", "strength"] in [e["loc"] for e in assert_problem(refused, 422)["errors"]]
    edge = await relate(client, "KNOWS", ada, bob, strength=1)
    assert edge["strength"] == 1.0
    patched = await client.patch(f"/v1/relationships/{edge['id']}", json={"strength": "0.2"})
    assert_problem(patched, 422)
    assert (await client.get(f"/v1/relationships/{edge['id']}")).json()["strength"] == 1.0


async def test_the_whole_list_pages_every_type_in_id_order(client: httpx.AsyncClient) -> None:
    """Without a node, the list walks every edge of the types asked for, each once, in id order,
    whichever type each page's edges are."""
    people = [await person(client, f"P{i}") for i in range(6)]
    firm = await company(client, "Firm")
    made: dict[str, str] = {}
    for i in range(5):
        made[(await relate(client, "KNOWS", people[i], people[i + 1]))["id"]] = "KNOWS"
        made[(await relate(client, "REPORTS_TO", people[i + 1], people[0]))["id"]] = "REPORTS_TO"
    for p in people[:4]:
        made[(await relate(client, "WORKS_AT", p, firm))["id"]] = "WORKS_AT"

    async def walk(types: str | None) -> list[str]:
        seen, cursor = [], None
        while True:
            params: dict[str, object] = {"limit": 3}
            if types:
                params["type"] = types
            if cursor:
                params["cursor"] = cursor
            response = await client.get("/v1/relationships", params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            seen += [r["id"] for r in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                return seen

    everything = await walk(None)
    assert everything == sorted(made)
    two = await walk("KNOWS,WORKS_AT")
    assert two == sorted(i for i, t in made.items() if t in ("KNOWS", "WORKS_AT"))
    for one in ("REPORTS_TO", "KNOWS"):
        assert await walk(one) == sorted(i for i, t in made.items() if t == one), one
