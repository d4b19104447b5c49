"""The team ball's renewal interval, before and after, over HTTP as `make run` serves it.

Each side is a checkout served by uvicorn with 2 workers (bench/run.py's AppServer) on the
bench's loaded graph. One client then asks, for `--seconds`, a seeded random stream of person
intros (k=5, 4 hops), company intros (k=5, 4 hops) and account maps, one request at a time.
Each worker rebuilds its ball in the background once it is older than the checkout's
RENEW_AFTER_S. The sides alternate (before, after, after, before, ...), and each runs the same
stream. The script reports per operation the median, p95 and p99 latency, the number of
requests, and how many statuses were not 200.

    python -m bench.ball_renew_ab --before /work/old [--after .] [--seconds 150] [--pairs 2]
"""

import argparse
import asyncio
import os
import random
import time
from pathlib import Path
from typing import Any

import httpx

from bench import inprocess, load
from bench.run import AppServer
from bench.stats import percentile

OPS = ("intros_person_h4", "intros_company_h4", "account_map")


def request(op: str, arg: str) -> tuple[str, str, dict[str, Any] | None]:
    if op == "intros_person_h4":
        return "POST", "/v1/intros", {"target_id": arg, "limit": 5, "max_hops": 4}
    if op == "intros_company_h4":
        return "POST", "/v1/intros", {"target_id": arg, "limit": 5, "max_hops": 4}
    return "GET", f"/v1/companies/{arg}/account-map", None


async def inputs(uri: str, seed: int) -> tuple[list[str], list[str]]:
    counted = inprocess.connect(uri)
    try:
        people = await inprocess.people(counted.db)
        queries = load.bench_queries()
        rows = await load.run(counted.db.driver, queries["list_employer_companies"])
    finally:
        await counted.db.close()
    rng = random.Random(seed)
    return rng.sample(people, 200), rng.sample([r["company"] for r in rows][1:], 100)


async def drive(
    base: str, people: list[str], firms: list[str], seconds: float, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    times: dict[str, list[float]] = {op: [] for op in OPS}
    bad = dict.fromkeys(OPS, 0)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for _ in range(15):  # warm-up: the balls built, connections open
            await http.post("/v1/intros", json={"target_id": rng.choice(people), "max_hops": 4})
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            op = rng.choice(OPS)
            arg = rng.choice(people if op == "intros_person_h4" else firms)
            method, url, body = request(op, arg)
            started = time.perf_counter()
            resp = await http.request(method, url, json=body)
            times[op].append((time.perf_counter() - started) * 1000)
            bad[op] += resp.status_code != 200
    return {
        op: {
            "n": len(v),
            "median_ms": round(percentile(v, 0.5), 1),
            "p95_ms": round(percentile(v, 0.95), 1),
            "p99_ms": round(percentile(v, 0.99), 1),
            "not_200": bad[op],
        }
        for op, v in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7696"))
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="ball_renew_ab.json")
    args = parser.parse_args()
    people, firms = asyncio.run(inputs(args.uri, args.seed))
    runs: list[dict[str, Any]] = []
    for pair in range(args.pairs):
        order = ["before", "after"] if pair % 2 == 0 else ["after", "before"]
        for side in order:
            server = AppServer(args.uri, workers=2)
            server.cwd = (args.before if side == "before" else args.after).resolve()
            server.start()
            try:
                began = time.strftime("%H:%M:%S", time.gmtime())
                got = asyncio.run(drive(server.base, people, firms, args.seconds, args.seed))
            finally:
                server.stop()
            runs.append({"side": side, "pair": pair, "began_utc": began, "ops": got})
            print(side, pair, began, got, f"load {os.getloadavg()[0]:.1f}", flush=True)
    inprocess.save(
        {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds_per_run": args.seconds,
            "runs": runs,
        },
        args.out,
    )


if __name__ == "__main__":
    main()
