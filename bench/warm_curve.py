"""How a freshly started Neo4j warms up: the bare driver's get_person statement (relmap's, in
auto-commit transactions as the app reads) from one client, its rate and median latency per
slice of time. Run it right after `scripts/neo4j.sh start` to see why bench/run.py warms the
server before its first measurement (`--server-warmup`).

    python -m bench.warm_curve [--seconds 60] [--slice 5] [--restart]
    (the bench's Neo4j, restarted first with --restart; or NEO4J_URI)
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import time
from typing import Any

from neo4j import AsyncGraphDatabase

from bench.ceiling import GET_PERSON, person_ids
from bench.run import RESULTS, ROOT, ensure_neo4j


async def curve(uri: str, seconds: float, width: float, pool: int) -> list[dict[str, Any]]:
    driver = AsyncGraphDatabase.driver(uri, auth=None)
    ids = await person_ids(driver, pool)
    rng = random.Random(7)
    slices: list[dict[str, Any]] = []
    samples: list[float] = []
    started = time.perf_counter()
    while (now := time.perf_counter()) - started < seconds:
        async with driver.session(database="neo4j") as session:
            result = await session.run(GET_PERSON, {"id": rng.choice(ids)})
            await result.to_eager_result()
        done = time.perf_counter()
        samples.append((done - now) * 1000)
        if done - started >= width * (len(slices) + 1):
            slices.append(
                {
                    "until_s": round(width * (len(slices) + 1)),
                    "reads_per_s": round(len(samples) / width, 1),
                    "median_ms": round(statistics.median(samples), 2),
                }
            )
            print(slices[-1], flush=True)
            samples = []
    await driver.close()
    return slices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--slice", type=float, default=5.0)
    parser.add_argument("--pool", type=int, default=100, help="distinct people read")
    parser.add_argument("--restart", action="store_true", help="restart the bench's Neo4j first")
    parser.add_argument("--out", default="warm_curve.json")
    args = parser.parse_args()
    uri = ensure_neo4j()
    if args.restart:
        for step in ("stop", "start"):
            subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), step], check=True)
    slices = asyncio.run(curve(uri, args.seconds, args.slice, args.pool))
    out = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "restarted": args.restart,
        "slices": slices,
    }
    (RESULTS / args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {RESULTS / args.out}")


if __name__ == "__main__":
    main()
