"""A company of thousands of current people as an intro target: answered exactly (against the
networkx oracle), from the graph and then from the team's ball, where it was once refused."""

import asyncio
import random
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.graph.ball import TeamBallCache
from tests.mapping import networks, oracle
from tests.mapping.checks import check_intro_paths, same_scores

pytestmark = pytest.mark.anyio

STAFF = 2_400  # current people of the target company: more than the 2,000 once refused (503)


async def imported(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """The import of `body` (a job, at this size), waited for: every row landed."""
    response = await client.post("/v1/import", json=body)
    assert response.status_code == 202, response.text
    for _ in range(1_200):
        job = (await client.get(response.json()["status_url"])).json()
        if job["status"] not in ("queued", "running"):
            break
        await asyncio.sleep(0.1)
    assert job["status"] == "done" and job["error_count"] == 0, job


async def external_ids(client: httpx.AsyncClient) -> dict[str, str]:
    """external_id -> relmap id, every person."""
    out: dict[str, str] = {}
    params: dict[str, Any] = {"limit": 200}
    while True:
        page = (await client.get("/v1/people", params=params)).json()
        out.update({p["external_id"]: p["id"] for p in page["items"]})
        if not page["next_cursor"]:
            return out
        params["cursor"] = page["next_cursor"]


async def test_a_company_of_thousands_is_answered_exactly(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    graph = networks.astro_ball(3_000, seed=11)
    rng = random.Random(11)
    nodes = sorted(graph)
    team = set(rng.sample(nodes, 6))
    rest = [n for n in nodes if n not in team]
    rng.shuffle(rest)
    staff, former = set(rest[:STAFF]), set(rest[STAFF : STAFF + 60])
    body = {
        "people": [
            {"external_id": f"p{n}", "name": f"Person {n}", "is_team": n in team} for n in nodes
        ],
        "companies": [{"external_id": "big", "name": "Big"}],
        "relationships": [
            *(
                {
                    "type": "KNOWS",
                    "source_external_id": f"p{u}",
                    "target_external_id": f"p{v}",
                    "strength": s,
                }
                for u, v, s in graph.edges(data="strength")
            ),
            *(
                {
                    "type": "WORKS_AT",
                    "source_external_id": f"p{n}",
                    "target_external_id": "big",
                    "properties": {"current": n in staff},
                }
                for n in sorted(staff | former)
            ),
        ],
    }
    await imported(client, body)
    by_external = await external_ids(client)
    ids = {n: by_external[f"p{n}"] for n in nodes}
    (big,) = (await client.get("/v1/companies")).json()["items"]

    async def check(max_hops: int, limit: int) -> None:
        answer = await client.post(
            "/v1/intros", json={"target_id": big["id"], "max_hops": max_hops, "limit": limit}
        )
        assert answer.status_code == 200, answer.text
        paths = answer.json()["paths"]
        got = check_intro_paths(paths, graph, ids, team, staff, max_hops, company=big["id"])
        want = [p[0] for p in oracle.all_intro_paths(graph, team, staff, max_hops)[:limit]]
        assert want, "the oracle found no path: the case checks nothing"
        same_scores(got, want)

    # the first search reads the graph (and starts the team's ball)
    await check(4, 5)
    await balls.settled()
    assert balls.get(await app.state.db.graph_version(), frozenset(ids[t] for t in team))
    # then from the ball, at each hop bound the ranking's budgets handle differently
    for max_hops, limit in ((1, 5), (2, 10), (3, 25), (4, 5), (4, 25)):
        await check(max_hops, limit)
