"""Two checkouts served as `make run` serves them, on the bench's own inputs, in one run.

    .venv/bin/python -m bench.served_ab --before /tmp/relmap-ab-47e78d9 [--after .] \
        [--ops intros_company_h4,account_map] [--passes 3] [--out served_ab.json]

bench/ab.py serves each side with one worker and its own sample of inputs; this serves each
checkout with two uvicorn workers (RELMAP_WORKERS, `make run`'s) against the loaded bench graph
(bolt://127.0.0.1:7696 by default: `make bench` leaves M there) and asks bench/run.py's own 100
inputs per operation (make_ops, seed 7), one request at a time with httpx and no compression
(as wrk asks), in whole passes after two passes of warm-up (both workers and their team balls).
The sides are served one at a time, in the order before, after, after, before. Per side and
operation: the median and p95 of every request, and the p95 of the inputs' own medians. A
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
from neo4j import AsyncGraphDatabase

from bench import load
from bench.run import PAGES, AppServer, Op, make_ops
from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]


async def inputs(uri: str) -> dict[str, Op]:
    """bench/run.py's operations with their inputs on the loaded graph."""
    driver = AsyncGraphDatabase.driver(uri, auth=("neo4j", "unused"))
    try:
        queries = load.bench_queries()
        people = [
            p
            for prefix in PAGES
            for p in await load.run(driver, queries["export_people"], prefix=prefix)
        ]
        companies = [
            r["company"] for r in await load.run(driver, queries["list_employer_companies"])
        ]
    finally:
        await driver.close()
    return {op.name: op for op in make_ops(random.Random(7), people, companies, 100)}


async def passes(
    client: httpx.AsyncClient, op: Op, count: int
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each input's latencies (ms) over `count` whole passes, and the status of each input
    answered otherwise than its operation answers (a company too large for intros: 503)."""
    times: dict[str, list[float]] = {str(arg): [] for arg in op.inputs}
    failed: dict[str, int] = {}
    for _ in range(count):
        for arg in op.inputs:
            method, url, body = op.request(arg)
            started = time.perf_counter()
            response = await client.request(method, url, json=body)
            await response.aread()
            times[str(arg)].append((time.perf_counter() - started) * 1000)
            if response.status_code not in op.ok_statuses:  # counted, as bench/run.py counts
                failed[str(arg)] = response.status_code
    return times, failed


async def side(uri: str, checkout: Path, ops: list[Op], count: int) -> dict[str, Any]:
    server = AppServer(uri, workers=2)
    server.cwd = checkout
    server.start()
    out: dict[str, Any] = {}
    try:
        headers = {"Accept-Encoding": "identity"}
        async with httpx.AsyncClient(base_url=server.base, timeout=120, headers=headers) as client:
            for op in ops:
                await passes(client, op, 2)  # warm-up: both workers, their balls
                times, failed = await passes(client, op, count)
                every = [t for ts in times.values() for t in ts]
                medians = [statistics.median(ts) for ts in times.values()]
                out[op.name] = {
                    "requests": len(every),
                    "median_ms": round(percentile(every, 0.5), 1),
                    "p95_ms": round(percentile(every, 0.95), 1),
                    "p95_of_input_medians_ms": round(percentile(medians, 0.95), 1),
                    "failed_inputs": failed,  # their times are in the percentiles too
                }
    finally:
        server.stop()
    return out


async def run(args: argparse.Namespace) -> dict[str, Any]:
    known = await inputs(args.uri)
    ops = [known[name] for name in args.ops.split(",")]
    rounds: list[dict[str, Any]] = []
    checkouts = {"before": args.before, "after": args.after}
    for label in ("before", "after", "after", "before"):
        checkout = checkouts[label]
        result = await side(args.uri, checkout, ops, args.passes)
        rounds.append({"side": label, "checkout": str(checkout), **result})
        for name, row in result.items():
            print(f"{label:6s} {name:20s} {row}", flush=True)
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "passes": args.passes,
        "rounds": rounds,
    }


def two_checkouts(doc: str, ops: str, out: str) -> argparse.ArgumentParser:
    """The arguments of a script comparing two checkouts served on the bench's graph
    (here and bench/rate_ab.py); `checkouts` resolves them once parsed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--before", required=True, help="a checkout (e.g. a git worktree)")
    parser.add_argument("--after", default=str(ROOT))
    parser.add_argument("--uri", default="bolt://127.0.0.1:7696")
    parser.add_argument("--ops", default=ops)
    parser.add_argument("--out", default=out, help="a file name in bench/results")
    return parser


def checkouts(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    args.before, args.after = Path(args.before).resolve(), Path(args.after).resolve()
    return args


def main() -> None:
    parser = two_checkouts(__doc__, "intros_company_h4,account_map", "served_ab.json")
    parser.add_argument("--passes", type=int, default=3)
    args = checkouts(parser)
    record = asyncio.run(run(args))
    path = ROOT / "bench" / "results" / args.out
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
