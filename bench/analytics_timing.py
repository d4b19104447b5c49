"""How long influencers and segments take on a real network, cold and cached.

Loads a bench dataset (bench/data/<dataset>, made by `python -m bench.generate`) into the Neo4j
at NEO4J_URI with batched UNWIND writes (bench/load.py's driver path), then drives the app over
ASGI: each computation cold (empty analytics cache), then cached (same graph version). Work
that runs as a job (202) is polled to the end; its time is the job's.

    NEO4J_URI=bolt://127.0.0.1:7694 .venv/bin/python -m bench.analytics_timing \
        --dataset astro-ph --load

`--priorities 200` times event priorities on the loaded network instead (20 companies made
clients of ours, one event of 200 attendees, max_hops 1..3). `--synthetic 100000` times only the
computations (app.analytics.graph, no Neo4j) on a Barabasi-Albert graph of that many people
and ~10 edges each, with random strengths.
"""

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import httpx

from app.config import Settings
from app.main import create_app
from bench.generate import DATA, load_rows
from bench.load import _key, bench_queries, load_driver, wipe

CASES: list[tuple[str, dict[str, Any]]] = [
    ("/v1/influencers", {"metric": "degree", "limit": 10}),
    ("/v1/influencers", {"metric": "pagerank", "limit": 10}),
    ("/v1/influencers", {"metric": "betweenness", "limit": 10}),
    ("/v1/segments", {"algorithm": "louvain", "limit": 10}),
    ("/v1/segments", {"algorithm": "label_propagation", "limit": 10}),
    ("/v1/segments", {"algorithm": "leiden", "limit": 10}),
]


async def timed(http: httpx.AsyncClient, path: str, params: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    response = await http.get(path, params=params, timeout=3600)
    first = time.perf_counter() - started
    status = response.status_code
    if status == 202:
        job = response.json()
        while job["status"] not in ("done", "failed"):
            await asyncio.sleep(0.25)
            job = (await http.get(f"/v1/analytics/jobs/{job['id']}")).json()
        assert job["status"] == "done", job
        response = await http.get(path, params=params, timeout=3600)
    assert response.status_code == 200, response.text
    body = response.json()
    partition = (
        {"segments": body["segment_count"], "modularity": body["modularity"]}
        if "modularity" in body
        else {}
    )
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "first_answer_s": round(first, 3),
        "first_status": status,
        "people": body["people"],
        "edges": body["edges"],
        **partition,
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings(neo4j_uri=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7694"))
    app = create_app(settings)
    results: dict[str, Any] = {"dataset": args.dataset}
    async with app.router.lifespan_context(app):
        if args.load:
            queries = bench_queries()
            driver = app.state.db.driver
            started = time.perf_counter()
            await wipe(driver, queries)
            report = await load_driver(driver, queries, DATA / args.dataset, args.dataset, settings)
            total = round(time.perf_counter() - started, 1)
            results["load"] = {**report.as_json(), "total_s": total}
            print(json.dumps(results["load"]), flush=True)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            if args.priorities:
                results["priorities"] = await priorities(http, args.dataset, args.priorities)
                return results
            app.state.analytics_engine = None  # cold: nothing computed, no projection read
            for path, params in CASES:
                if params.get("metric") == "betweenness" and args.skip_betweenness:
                    continue
                key = f"{path.rsplit('/', 1)[-1]}:{params.get('metric') or params.get('algorithm')}"
                cold = await timed(http, path, params)
                cached = await timed(http, path, params)
                results[key] = {"cold": cold, "cached": cached}
                print(key, json.dumps(results[key]), flush=True)
            # the projection alone: drop the results but keep nothing either (fully cold read)
            app.state.analytics_engine = None
            results["projection_and_degree_cold"] = await timed(http, *CASES[0])
    return results


async def priorities(http: httpx.AsyncClient, dataset: str, attendees: int) -> dict[str, Any]:
    """Event priorities on the loaded network: companies c1..c20 made clients of c0 ("us"),
    one event. Company ids are the bench loader's (read from the dataset, not the API)."""
    firms = [_key(dataset, r["external_id"]) for r in load_rows(DATA / dataset, "companies")]
    for firm in firms[1:21]:
        body = {"type": "CLIENT_OF", "source_id": firm, "target_id": firms[0]}
        response = await http.post("/v1/relationships", json=body)
        assert response.status_code in (201, 409), response.text
    people: list[str] = []
    cursor = None
    while len(people) < attendees:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await http.get("/v1/people", params=params)).json()
        people += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
    event_body = {"name": "Bench summit", "attendee_ids": people[:attendees]}
    event = (await http.post("/v1/events", json=event_body)).json()
    results: dict[str, Any] = {"attendees": attendees, "client_companies": 20}
    for hops in (1, 2, 3):
        started = time.perf_counter()
        response = await http.get(
            f"/v1/events/{event['id']}/priorities", params={"max_hops": hops}, timeout=600
        )
        seconds = round(time.perf_counter() - started, 3)
        answer = response.json()
        results[f"max_hops={hops}"] = {
            "status": response.status_code,
            "seconds": seconds,
            "truncated": answer.get("truncated"),
            "with_a_path": sum(1 for i in answer.get("items", []) if i["score"] > 0),
        }
        print(hops, results[f"max_hops={hops}"], flush=True)
    return results


def synthetic(people: int) -> dict[str, Any]:
    import igraph as ig
    import numpy as np

    from app.analytics import graph
    from app.db.convert import now

    edges = np.asarray(ig.Graph.Barabasi(people, 10, directed=False).get_edgelist())
    projection = graph.Projection(
        ids=[f"p{i}" for i in range(people)],
        tags=[[] for _ in range(people)],
        companies=[[] for _ in range(people)],
        company_info={},
        src=edges[:, 0],
        dst=edges[:, 1],
        strength=np.random.default_rng(1).uniform(0.05, 0.95, len(edges)),
        influence=np.zeros(len(edges), dtype=bool),
        built_at=now(),
    )
    results: dict[str, Any] = {"people": people, "edges": projection.m}
    runs: list[tuple[str, Any]] = [
        *((m.value, fn) for m, fn in graph.METRICS.items()),
        *((a.value, lambda p, a=a: graph.communities(p, a)) for a in graph.Algorithm),
    ]
    for name, fn in runs:
        started = time.perf_counter()
        fn(projection)
        results[name] = round(time.perf_counter() - started, 2)
        print(name, results[name], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="astro-ph")
    parser.add_argument("--load", action="store_true", help="wipe and load the dataset first")
    parser.add_argument("--skip-betweenness", action="store_true")
    parser.add_argument("--out", default=None)
    parser.add_argument("--synthetic", type=int, default=0, help="people in a synthetic graph")
    parser.add_argument(
        "--priorities", type=int, default=0, help="time event priorities with this many attendees"
    )
    args = parser.parse_args()
    results = synthetic(args.synthetic) if args.synthetic else asyncio.run(main_async(args))
    print(json.dumps(results, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
