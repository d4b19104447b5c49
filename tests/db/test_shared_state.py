"""Several API processes on one Neo4j answer as one: the graph version behind every cache and
the job records live in Neo4j (app/db/database.py, app/db/jobs.py). Real uvicorn processes."""

import asyncio
import random
import time
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.mapping import networks, oracle
from tests.mapping.checks import check_intro_paths, same_scores
from tests.neo4j_server import Server
from tests.processes import api_processes

pytestmark = pytest.mark.anyio


def import_body(graph: nx.Graph, team: set[Any]) -> dict[str, Any]:
    return {
        "people": [{"external_id": f"p{v}", "name": f"P{v}", "is_team": v in team} for v in graph],
        "relationships": [
            {
                "type": "KNOWS",
                "source_external_id": f"p{a}",
                "target_external_id": f"p{b}",
                "strength": d["strength"],
            }
            for a, b, d in graph.edges(data=True)
        ],
    }


async def ids_by_external(http: httpx.AsyncClient) -> dict[str, str]:
    ids: dict[str, str] = {}
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await http.get("/v1/people", params=params)).json()
        ids.update({p["external_id"]: p["id"] for p in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return ids


async def test_a_write_through_one_process_is_answered_by_the_other_at_once(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    graph = networks.karate()
    team = {0, 33}
    # meetings that barely decay: strengths read a moment apart are equal to 1e-12
    steady = {"STRENGTH_HALF_LIFE_DAYS": '{"meeting": 1e12}'}
    with api_processes(neo4j, tmp_path, 2, **steady) as (first, second):
        async with (
            httpx.AsyncClient(base_url=first.url, timeout=30) as a,
            httpx.AsyncClient(base_url=second.url, timeout=30) as b,
        ):
            r = await a.post("/v1/import", json=import_body(graph, team))
            assert r.status_code == 200, r.text
            by_ext = await ids_by_external(a)
            ids = {v: by_ext[f"p{v}"] for v in graph}
            target = next(v for v in sorted(graph) if v not in team and not set(graph[v]) & team)
            newcomer = (await a.post("/v1/people", json={"name": "Newcomer"})).json()
            # the second process caches everything it can: the team's ball, the degree
            # ranking, the partition
            for _ in range(3):
                r = await b.post("/v1/intros", json={"target_id": ids[target], "limit": 5})
                assert r.status_code == 200, r.text
                await asyncio.sleep(1.0)
            before = r.json()["paths"]
            assert before[0]["hops"] >= 2
            degree_before = (await b.get("/v1/influencers", params={"metric": "degree"})).json()
            seg_params = {"algorithm": "louvain", "min_size": 2}
            segments_before = (await b.get("/v1/segments", params=seg_params)).json()

            # one interaction, logged through the first process
            logged = await a.post(
                "/v1/interactions",
                json={
                    "kind": "meeting",
                    "occurred_at": "2026-11-20T10:00:00Z",
                    "participant_ids": [ids[0], ids[target], newcomer["id"]],
                },
            )
            assert logged.status_code == 201, logged.text
            # the graph as it now is: the meeting tied its three participants
            ids["n"] = newcomer["id"]
            node_of = {v: k for k, v in ids.items()}
            for v in (0, target, "n"):
                page = (await a.get("/v1/relationships", params={"node_id": ids[v]})).json()
                for e in page["items"]:
                    graph.add_edge(
                        node_of[e["source_id"]], node_of[e["target_id"]], strength=e["strength"]
                    )
            assert graph.has_edge(0, target) and graph.degree("n") == 2

            # the second process answers from the new graph at once
            r = await b.post("/v1/intros", json={"target_id": ids[target]})
            paths = r.json()["paths"]
            got = check_intro_paths(paths, graph, ids, team, target, 4)
            same_scores(got, oracle.best_scores(graph, team, {target}, 4, 5))
            assert paths[0]["hops"] == 1

            degree = (await b.get("/v1/influencers", params={"metric": "degree"})).json()
            scores = {node_of[i["id"]]: i["score"] for i in degree["items"]}
            assert scores != {node_of[i["id"]]: i["score"] for i in degree_before["items"]}
            want = dict(graph.degree(weight="strength"))
            assert scores.keys() == want.keys()
            for v, score in scores.items():
                assert score == pytest.approx(want[v]), v

            segments = (await b.get("/v1/segments", params=seg_params)).json()
            sized = sum(s["size"] for s in segments["items"])
            assert sized == sum(s["size"] for s in segments_before["items"]) + 1
            assert segments["edges"] == segments_before["edges"] + 3
            other = (await a.get("/v1/segments", params=seg_params)).json()
            assert partition(segments) == partition(other)


def partition(answer: dict[str, Any]) -> list[tuple[int, list[str]]]:
    return sorted((s["size"], sorted(m["id"] for m in s["members"])) for s in answer["items"])


def big_import(people: int, edges: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(people, edges, seed=seed)
    for _, _, d in graph.edges(data=True):
        d["strength"] = round(rng.uniform(0.05, 1.0), 3)
    return import_body(graph, set())


async def job_of(http: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    r = await http.get(f"/v1/import/jobs/{job_id}")
    assert r.status_code == 200, r.text
    job: dict[str, Any] = r.json()
    return job


def ended(job: dict[str, Any]) -> bool:
    return job["status"] in ("done", "failed", "interrupted")


async def wait_job(http: httpx.AsyncClient, job_id: str, until: Any, limit_s: float) -> dict:
    deadline = time.monotonic() + limit_s
    while True:
        job = await job_of(http, job_id)
        if until(job) or time.monotonic() > deadline:
            return job
        await asyncio.sleep(0.1)


async def test_a_job_is_read_on_any_process_and_a_killed_one_is_completed_by_sending_it_again(
    client: httpx.AsyncClient, neo4j: Server, tmp_path: Path
) -> None:
    body = big_import(20_000, 60_000, seed=5)
    with api_processes(neo4j, tmp_path, 2) as (first, second):
        async with (
            httpx.AsyncClient(base_url=first.url, timeout=60) as a,
            httpx.AsyncClient(base_url=second.url, timeout=60) as b,
        ):
            r = await a.post("/v1/import", params={"async": "true"}, json=body)
            assert r.status_code == 202, r.text
            job_id = r.json()["job_id"]
            # the other process reads the job as soon as it was accepted
            assert (await job_of(b, job_id))["status"] in ("queued", "running")
            job = await wait_job(b, job_id, lambda j: j["done"] > 0, 120)
            assert job["status"] == "running" and 0 < job["done"] < job["total"], job
            first.kill()  # mid-import

            job = await wait_job(b, job_id, ended, 60)
            assert job["status"] == "interrupted", job
            landed = job["summary"]["created"]
            assert 0 < landed["people"] + landed["relationships"] < 80_000

            # sent again (to the survivor), it completes what the dead process left
            r = await b.post("/v1/import", json=body)
            assert r.status_code == 202, r.text
            again = await wait_job(b, r.json()["job_id"], ended, 300)
            assert again["status"] == "done", again
            summary = again["summary"]
            assert summary["errors"] == []
            for entity, total in (("people", 20_000), ("relationships", 60_000)):
                made = summary["created"][entity]
                kept = summary["unchanged"][entity] + summary["updated"][entity]
                assert made + kept == total
                assert made >= total - landed[entity] - 5_000  # the beat is at most a batch behind
                assert summary["updated"][entity] == 0
            people = await ids_by_external(b)
            assert len(people) == 20_000
