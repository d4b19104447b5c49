"""Strengths in graph answers decay like everywhere else, and as_of looks back in time."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.helpers import person

pytestmark = pytest.mark.anyio


async def test_neighborhood_and_path_strengths_follow_the_clock(client: httpx.AsyncClient) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    now = datetime.now(UTC)
    for days in (300, 5):
        body = {
            "kind": "meeting",
            "occurred_at": (now - timedelta(days=days)).isoformat(),
            "participant_ids": [ada["id"], bob["id"]],
        }
        response = await client.post("/v1/interactions", json=body)
        assert response.status_code == 201, response.text
    (rel,) = (await client.get("/v1/relationships", params={"node_id": ada["id"]})).json()["items"]
    moments = [None, (now - timedelta(days=100)).isoformat(), (now - timedelta(days=1)).isoformat()]
    seen = []
    for moment in moments:
        params = {"as_of": moment} if moment else {}
        reference = (await client.get(f"/v1/relationships/{rel['id']}", params=params)).json()
        hood = await client.get(f"/v1/people/{ada['id']}/neighborhood", params=params)
        (edge,) = hood.json()["edges"]
        # "now" moves on between two requests: the decay of a second is far below 1e-6
        assert edge["strength"] == pytest.approx(reference["strength"], abs=1e-6)
        path = await client.get(
            "/v1/paths/shortest", params={"from_id": ada["id"], "to_id": bob["id"], **params}
        )
        assert path.json()["score"] == pytest.approx(reference["strength"], abs=1e-6)
        seen.append(reference["strength"])
    # 100 days ago (after one old meeting) the tie was weaker than after the recent one
    assert seen[1] < seen[2]
    # min_strength judged at as_of: between the two values the edge is there, or not
    cut = (seen[1] + seen[2]) / 2
    for moment, present in ((moments[1], False), (moments[2], True)):
        hood = await client.get(
            f"/v1/people/{ada['id']}/neighborhood", params={"as_of": moment, "min_strength": cut}
        )
        assert (len(hood.json()["edges"]) == 1) is present
