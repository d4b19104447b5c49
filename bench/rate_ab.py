"""Two checkouts served as `make run` serves them, their request rates at 1, 8 and 32 clients in
alternating bursts, in one run.

    .venv/bin/python -m bench.rate_ab --before /tmp/relmap-ab-addde44 [--after .] \
        [--ops get_person] [--rounds 4] [--seconds 8] [--out rate_ab.json]

bench/served_ab.py asks one request at a time; this asks as bench/run.py's req/s columns do:
wrk with 8 and 32 connections (bench/wrk.py), and one connection timed without wrk's
correction. Both checkouts are served at once with two uvicorn workers each (RELMAP_WORKERS,
`make run`'s) against the loaded bench graph (bolt://127.0.0.1:7696 by default: `make bench`
leaves M there), on bench/run.py's own 100 inputs per operation (make_ops, seed 7); the idle
side costs nothing while the other is measured. After a warm-up burst each, the sides take
turns per burst, in the order before, after in odd rounds and after, before in even ones.
Per side, operation and clients: each round's rate and latency percentiles, and their medians.
A measurement, not a test.
"""

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bench import wrk
from bench.run import AppServer, Op
from bench.served_ab import checkouts, inputs, two_checkouts

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = (1, 8, 32)


def burst(server: AppServer, op: Op, clients: int, seconds: float) -> dict[str, Any]:
    requests = [op.request(arg) for arg in op.inputs]
    got = wrk.run(server.base, requests, clients=clients, seconds=seconds, ok=op.ok_statuses)
    return {k: got[k] for k in ("rps", "failed", "median_ms", "p95_ms", "p99_ms")}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [k for k in rows[0] if all(k in r for r in rows)]
    return {k: round(statistics.median(r[k] for r in rows), 3) for k in keys}


def run(args: argparse.Namespace) -> dict[str, Any]:
    known = asyncio.run(inputs(args.uri))
    ops = [known[name] for name in args.ops.split(",")]
    servers: dict[str, AppServer] = {}
    try:
        for label, checkout in (("before", args.before), ("after", args.after)):
            server = servers[label] = AppServer(args.uri, workers=2)
            server.cwd = checkout
            server.start()
        results: dict[str, Any] = {}
        for op in ops:
            for server in servers.values():  # warm-up: both workers of each
                burst(server, op, 32, args.seconds)
            per: dict[tuple[str, int], list[dict[str, Any]]] = {}
            for round_ in range(args.rounds):
                order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
                for clients in CLIENTS:
                    for label in order:
                        row = burst(servers[label], op, clients, args.seconds)
                        per.setdefault((label, clients), []).append(row)
                        print(f"{op.name} {round_} {label:6s} @{clients:<2d} {row}", flush=True)
            results[op.name] = {
                f"{label}@{clients}": {"median": summary(rows), "rounds": rows}
                for (label, clients), rows in per.items()
            }
    finally:
        for server in servers.values():
            server.stop()
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "before": str(args.before),
        "after": str(args.after),
        "seconds": args.seconds,
        "results": results,
    }


def main() -> None:
    parser = two_checkouts(__doc__, "get_person", "rate_ab.json")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = checkouts(parser)
    record = run(args)
    path = ROOT / "bench" / "results" / args.out
    path.write_text(json.dumps(record, indent=1) + "\n")
    for name, rows in record["results"].items():
        for key, row in rows.items():
            print(f"{name:20s} {key:10s} {row['median']}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
