"""One connection's latency three ways, on the same server and inputs, alternating: wrk (its
histogram corrected for coordinated omission, bench/wrk.py), a bare socket
(bench/wrk.py's one_connection, what the bench uses since the twenty-first session) and the
app's own measure of the same requests (the mean of `relmap_request_seconds` over the run,
from /metrics: the time inside the app, without the socket).

    python -m bench.latency_clients [--uri bolt://127.0.0.1:7696] [--rounds 2] [--seconds 10]
"""

import argparse
import json
import random
import time
from typing import Any

import httpx
import neo4j

from bench import load, wrk
from bench.inprocess import save
from bench.run import PAGES, AppServer, make_ops

OPS = ("get_person", "intros_company_h4", "account_map", "neighborhood_depth2")


def app_seconds(base: str, route: str) -> tuple[float, float]:
    """(sum, count) of relmap_request_seconds for one route, from /metrics."""
    total = count = 0.0
    for line in httpx.get(f"{base}/metrics", timeout=30).text.splitlines():
        if f'route="{route}"' not in line:
            continue
        if line.startswith("relmap_request_seconds_sum"):
            total += float(line.split()[-1])
        elif line.startswith("relmap_request_seconds_count"):
            count += float(line.split()[-1])
    return total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="bolt://127.0.0.1:7696")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="latency_clients.json")
    args = parser.parse_args()
    bq = load.bench_queries()
    with neo4j.GraphDatabase.driver(args.uri, auth=None) as driver:

        def rows(name: str, **params: Any) -> list[dict[str, Any]]:
            records, _, _ = driver.execute_query(bq[name].text, params, database_="neo4j")
            return [r.data() for r in records]

        people = [p for prefix in PAGES for p in rows("export_people", prefix=prefix)]
        companies = [r["company"] for r in rows("list_employer_companies")]
    ops = {op.name: op for op in make_ops(random.Random(args.seed), people, companies, 100)}
    server = AppServer(args.uri, workers=1)
    server.start()
    results: dict[str, Any] = {}
    try:
        for name in OPS:
            op = ops[name]
            requests = [op.request(arg) for arg in op.inputs]
            wrk.one_connection(server.base, requests, seconds=3, ok=op.ok_statuses)  # warm-up
            sides: dict[str, list[dict[str, Any]]] = {"wrk": [], "socket": []}
            for n in range(args.rounds):
                for side in ("wrk", "socket") if n % 2 == 0 else ("socket", "wrk"):
                    before = app_seconds(server.base, op.route[1])
                    if side == "wrk":
                        got = wrk.with_wrk(
                            server.base, requests, clients=1, seconds=args.seconds,
                            ok=op.ok_statuses, cycles=True,
                        )  # fmt: skip
                    else:
                        got = wrk.one_connection(
                            server.base, requests, seconds=args.seconds, ok=op.ok_statuses,
                            cycles=True,
                        )  # fmt: skip
                    after = app_seconds(server.base, op.route[1])
                    inside = (after[0] - before[0]) / max(after[1] - before[1], 1) * 1000
                    sides[side].append(
                        {
                            "requests": got["requests"],
                            "seconds": got["seconds"],
                            "median_ms": got["median_ms"],
                            "p95_ms": got["p95_ms"],
                            "mean_ms": got["mean_ms"],
                            # one connection: the latencies cannot add up to more than the run
                            "latency_sum_s": round(got["mean_ms"] * got["requests"] / 1000, 2),
                            "app_mean_ms": round(inside, 3),
                        }
                    )
                    print(name, side, json.dumps(sides[side][-1]), flush=True)
            results[name] = sides
    finally:
        server.stop()
    save(
        {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "rounds": args.rounds,
            "operations": results,
        },
        args.out,
    )


if __name__ == "__main__":
    main()
