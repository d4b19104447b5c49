"""GET /v1/people/{id}?as_of=: the person and their relationships as they were then."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.common.kinds import DEFAULT_STRENGTH, RelType
from tests.helpers import assert_problem, company, person, relate
from tests.interactions.oracle import strength
from tests.interactions.test_interactions import ago, iso, log

pytestmark = pytest.mark.anyio


async def test_person_as_of_lists_relationships_as_they_were(client: httpx.AsyncClient) -> None:
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    acme = await company(client, "Acme")
    with_bob = [("meeting", ago(100), 2, 0.2), ("call", ago(20), 2, None)]
    for kind, when, _n, sentiment in with_bob:
        await log(client, kind, when, ada, bob, sentiment=sentiment)
    await log(client, "email", ago(10), cy, ada)
    works = await relate(client, "WORKS_AT", ada, acme)

    plain = (await client.get(f"/v1/people/{ada['id']}")).json()
    assert "relationships" not in plain and plain["name"] == "Ada"

    then = ago(50)
    past = (await client.get(f"/v1/people/{ada['id']}", params={"as_of": iso(then)})).json()
    assert past["name"] == "Ada" and datetime.fromisoformat(past["as_of"]) == then
    [only] = past["relationships"]
    assert only["type"] == "KNOWS" and only["other_id"] == bob["id"]
    assert only["other_name"] == "Bob" and only["other_label"] == "Person"
    assert only["strength"] == pytest.approx(strength(with_bob, then), abs=1e-9)
    assert only["interaction_count"] == 1
    assert datetime.fromisoformat(only["last_interaction_at"]) == ago(100)

    soon = datetime.now(UTC) + timedelta(minutes=1)
    today = (await client.get(f"/v1/people/{ada['id']}", params={"as_of": iso(soon)})).json()
    expected = {
        bob["id"]: strength(with_bob, soon),
        cy["id"]: strength([("email", ago(10), 2, None)], soon),
        acme["id"]: DEFAULT_STRENGTH[RelType.WORKS_AT],
    }
    got = {r["other_id"]: r["strength"] for r in today["relationships"]}
    assert got == pytest.approx(expected, abs=1e-9)
    order = [r["other_id"] for r in today["relationships"]]
    assert order == sorted(expected, key=lambda k: -expected[k])
    by_id = {r["id"]: r for r in today["relationships"]}
    assert by_id[works["id"]]["direction"] == "out"
    assert by_id[works["id"]]["other_label"] == "Company"
    assert today["relationships_truncated"] is False


async def test_person_as_of_errors(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/people/nobody", params={"as_of": iso(ago(1))}), 404)
    ada = await person(client, "Ada")
    bad = await client.get(f"/v1/people/{ada['id']}", params={"as_of": "2026-01-01T00:00:00"})
    assert_problem(bad, 422)
