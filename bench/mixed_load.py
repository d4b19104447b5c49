"""A light request's latency while heavy rankings run, for two settings of the app side by side.

    .venv/bin/python -m bench.mixed_load --uri bolt://127.0.0.1:7696 \
        --env RELMAP_RANKING_THREADS=1 --env RELMAP_RANKING_THREADS=6

One uvicorn worker per side (bench/run.py's AppServer) against a loaded bench graph; on each,
`--heavy` clients ask in a loop for account maps and company intros (4 hops, top 5) of
companies of 21-2,000 people (limits.MAX_EMPLOYEES), while one client asks one at a time (10 ms
apart) for `--seconds` for people (`--light get_person`) or a person's intros (`--light
intros`: 3 hops, top 5; a ranking itself, but a small one). Sides alternate A B B A. Prints and
writes, per side, the light requests' median / p95 / p99 and the heavy ones' count and
percentiles over the same seconds (bench/results/mixed_load.json, or --out). This is a
measurement, not a test.
"""

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.run import AppServer

ROOT = Path(__file__).resolve().parents[1]


def inputs(uri: str, seed: int) -> tuple[list[str], list[str]]:
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
        people = [
            r["id"]
            for r in driver.execute_query(
                "MATCH (p:Person) WHERE NOT coalesce(p.is_team, false) RETURN p.id AS id "
                "LIMIT 20000"
            ).records
        ]
        firms = [
            r["id"]
            for r in driver.execute_query(
                "MATCH (c:Company)<-[:WORKS_AT]-() WITH c, count(*) AS n WHERE 20 < n <= 2000 "
                "RETURN c.id AS id"
            ).records
        ]
    rng = random.Random(seed)
    return rng.sample(people, min(200, len(people))), rng.sample(firms, min(60, len(firms)))


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    if not ms:
        return {"n": 0}

    def at(q: float) -> float:
        return round(ms[max(0, int(q * len(ms)) - 1)], 1)

    return {
        "n": len(ms),
        "median": round(statistics.median(ms), 1),
        "p95": at(0.95),
        "p99": at(0.99),
    }


async def one_side(
    base: str, people: list[str], firms: list[str], heavy: int, seconds: float, light: str
) -> dict[str, Any]:
    measuring, stop = False, asyncio.Event()
    heavy_ms: list[float] = []

    async def ranker(k: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            i = k
            while not stop.is_set():
                firm = firms[i % len(firms)]
                started = time.perf_counter()
                if i % 2:
                    r = await client.get(f"/v1/companies/{firm}/account-map")
                else:
                    body = {"target_id": firm, "limit": 5, "max_hops": 4}
                    r = await client.post("/v1/intros", json=body)
                if r.status_code != 200:
                    raise RuntimeError(f"{r.status_code}: {r.text[:200]}")
                if measuring:
                    heavy_ms.append((time.perf_counter() - started) * 1000)
                i += heavy

    tasks = [asyncio.create_task(ranker(k)) for k in range(heavy)]
    await asyncio.sleep(2)  # every heavy client in flight
    measuring, cheap_ms = True, []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        end, i = time.perf_counter() + seconds, 0
        while time.perf_counter() < end:
            started = time.perf_counter()
            who = people[i % len(people)]
            if light == "intros":
                body = {"target_id": who, "limit": 5, "max_hops": 3}
                r = await client.post("/v1/intros", json=body)
            else:
                r = await client.get(f"/v1/people/{who}")
            cheap_ms.append((time.perf_counter() - started) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"{r.status_code}: {r.text[:200]}")
            i += 1
            await asyncio.sleep(0.01)
    measuring = False
    stop.set()
    await asyncio.gather(*tasks)
    return {light: summary(cheap_ms), "heavy": summary(heavy_ms)}


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    people, firms = inputs(args.uri, args.seed)
    a, b = args.env
    results = []
    for env in (a, b, b, a):
        server = AppServer(args.uri, 1)
        name, _, value = env.partition("=")
        server.env = {name: value}
        server.start()
        try:
            async with httpx.AsyncClient(base_url=server.base, timeout=120) as client:
                for firm in firms[:10]:  # the team's ball, and the JIT warm
                    await client.get(f"/v1/companies/{firm}/account-map")
            got = await one_side(server.base, people, firms, args.heavy, args.seconds, args.light)
        finally:
            server.stop()
        print(env, json.dumps(got), flush=True)
        results.append({"env": env, **got})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri", default="bolt://127.0.0.1:7696")
    parser.add_argument("--env", action="append", required=True, help="NAME=VALUE, twice")
    parser.add_argument("--heavy", type=int, default=8, help="clients asking for rankings")
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--light", choices=["get_person", "intros"], default="get_person")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", default="mixed_load.json")
    args = parser.parse_args()
    if len(args.env) != 2:
        parser.error("--env twice: the two sides")
    results = asyncio.run(run(args))
    out = ROOT / "bench" / "results" / args.out
    out.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "uri": args.uri,
                "heavy": args.heavy,
                "seconds": args.seconds,
                "sides": results,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
