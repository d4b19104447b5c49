"""Cooling rows carry the cards of both people (API.md v1.1 "People cards and lookups")."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.analytics.test_cards import card_of
from tests.helpers import company, person

pytestmark = pytest.mark.anyio


async def test_cooling_rows_name_both_people(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    ada = await person(client, "Ada", is_team=True)
    bob = await person(client, "Bob")
    r = await client.post(
        "/v1/relationships",
        json={
            "type": "WORKS_AT",
            "source_id": bob["id"],
            "target_id": acme["id"],
            "properties": {"role": "blocker"},
        },
    )
    assert r.status_code == 201
    for days in range(200, 206):
        when = (datetime.now(UTC) - timedelta(days=days)).isoformat()
        r = await client.post(
            "/v1/interactions",
            json={
                "kind": "meeting",
                "occurred_at": when,
                "participant_ids": [ada["id"], bob["id"]],
            },
        )
        assert r.status_code == 201, r.text
    r = await client.get("/v1/relationships/cooling", params={"min_strength": 0.1})
    assert r.status_code == 200, r.text
    [row] = r.json()["items"]
    cards = {row["source"]["id"]: row["source"], row["target"]["id"]: row["target"]}
    assert {row["source_id"], row["target_id"]} == set(cards)
    assert cards[ada["id"]] == card_of(ada, None, None)
    assert cards[bob["id"]] == card_of(bob, acme, "blocker")
