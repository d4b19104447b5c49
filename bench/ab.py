"""Two versions of the app side by side on the same graph, in one run (A/B).

    .venv/bin/python -m bench.ab --before 078354b [--after HEAD] [--uri bolt://127.0.0.1:7696] \
        [--ops shortest_path,account_map]
    .venv/bin/python -m bench.ab --before HEAD --before-env PYTHONMALLOC=malloc \
        --after-env PYTHONMALLOC=pymalloc --out ab_allocator.json

Each ref is checked out in a git worktree under /tmp, served by uvicorn (one worker) on its own
port against the same Neo4j (a loaded bench graph, e.g. M), with its own environment variables
if given (over bench/run.py's AppServer defaults), and measured alternately: one connection for
at least 10 s and whole passes through the inputs (bench/wrk.py's one_connection; before the
twenty-first session wrk, whose one-connection percentiles carry its coordinated-omission
correction) on each side, then 32 with wrk for 5 s on each (each burst followed by --drain
seconds of rest), per operation, in two rounds of opposite order. Writes
bench/results/ab_<before>_<after>.json (or --out). This is a measurement, not a test.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import neo4j

from bench import wrk
from bench.run import P2P, AppServer

ROOT = Path(__file__).resolve().parents[1]


def worktree(ref: str) -> Path:
    sha = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"relmap-ab-{sha}"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "-f", str(path), sha], cwd=ROOT, check=True)
    return path


def operations(uri: str, seed: int) -> dict[str, tuple[list[wrk.Request], tuple[int, ...]]]:
    """Each operation's requests and the status codes that count as answers."""
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
        people = [
            r["id"]
            for r in driver.execute_query(
                "MATCH (p:Person) WHERE NOT coalesce(p.is_team, false) RETURN p.id AS id"
            ).records
        ]
        firms = [
            r["id"]
            for r in driver.execute_query(
                "MATCH (c:Company)<-[:WORKS_AT]-() WITH c, count(*) AS n WHERE n > 1 "
                "RETURN c.id AS id"
            ).records
        ]
    rng = random.Random(seed)
    targets, companies = rng.sample(people, 100), rng.sample(firms, min(40, len(firms)))
    sources = rng.sample(people, 100)
    ok = (200,)
    return {
        "get_person": ([("GET", f"/v1/people/{i}", None) for i in targets], ok),
        "neighborhood_depth2": (
            [("GET", f"/v1/people/{i}/neighborhood?depth=2&types={P2P}", None) for i in targets],
            ok,
        ),
        # bench/run.py's question: two random people, <= 4 hops, person-to-person edges (a
        # 404 when none is that close is an answer)
        "shortest_path": (
            [
                ("GET", f"/v1/paths/shortest?from_id={s}&to_id={t}&max_hops=4&types={P2P}", None)
                for s, t in zip(sources, targets, strict=True)
            ],
            (200, 404),
        ),
        "intros_person_h4": (
            [("POST", "/v1/intros", {"target_id": t, "limit": 5, "max_hops": 4}) for t in targets],
            ok,
        ),
        "intros_company_h4": (
            [
                ("POST", "/v1/intros", {"target_id": c, "limit": 5, "max_hops": 4})
                for c in companies
            ],
            ok,
        ),
        "account_map": ([("GET", f"/v1/companies/{c}/account-map", None) for c in companies], ok),
        # an account's journey: every touchpoint read and summed (the largest ones have tens
        # of thousands at M)
        "journey": ([("GET", f"/v1/companies/{c}/journey", None) for c in companies[:10]], ok),
        # the first page of the cooling list, as the web app and a few other askers ask it
        "cooling": (
            [("GET", f"/v1/relationships/cooling?{query}", None) for query in COOLING_QUERIES],
            ok,
        ),
        # the first page of everyone in each order, alone and with a filter
        "people_sorted": ([("GET", f"/v1/people?{query}", None) for query in SORTED_PEOPLE], ok),
    }


SORTED_PEOPLE = tuple(
    f"sort={sort}&limit={limit}{also}"
    for sort in ("name", "-name", "created_at", "-created_at", "updated_at", "-updated_at")
    for limit, also in ((50, ""), (20, "&location=Berlin"))
)
COOLING_QUERIES = (
    "limit=50",
    "limit=100",
    "team_only=true&limit=100",
    "min_strength=0&inactive_days=0&limit=100",
    "inactive_days=365&limit=20",
    "min_strength=0.9&limit=200",
    "min_strength=0&inactive_days=30&limit=10",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--uri", default="bolt://127.0.0.1:7696")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--ops", default="", help="comma-separated operations to measure (default: all)"
    )
    for side in ("before", "after"):
        parser.add_argument(
            f"--{side}-env",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=f"an environment variable of the {side} side's server (repeatable)",
        )
    parser.add_argument("--out", default="", help="the result file's name in bench/results")
    parser.add_argument(
        "--drain", type=float, default=6.0, help="seconds of rest after each burst of 32"
    )
    args = parser.parse_args()
    if not wrk.available():
        sys.exit("wrk is needed (apt-get install wrk)")
    servers: dict[str, AppServer] = {}
    sides = (("before", args.before, args.before_env), ("after", args.after, args.after_env))
    for label, ref, env in sides:
        server = AppServer(args.uri)
        server.cwd = worktree(ref)
        server.env = dict(pair.split("=", 1) for pair in env)
        server.start()
        servers[" ".join([f"{label} ({ref})", *env])] = server
    out: dict[str, Any] = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "ops": {}}
    try:
        chosen = set(filter(None, args.ops.split(",")))
        for name, (requests, ok) in operations(args.uri, args.seed).items():
            if chosen and name not in chosen:
                continue
            for server in servers.values():  # warm both, build their balls
                wrk.run(server.base, requests, clients=1, seconds=3, ok=ok)
            for rnd in range(2):
                order = list(servers.items()) if rnd == 0 else list(servers.items())[::-1]
                # one connection on each side first, then 32 on each, each burst followed by a
                # rest: when wrk stops, a server still runs the 32 requests in flight, and what
                # is measured right after would pay for them (the first version of this script
                # measured the side last in round 1 again at once, just after its own burst)
                ones = {
                    label: wrk.run(  # whole passes: every input weighs the same
                        server.base, requests, clients=1, seconds=args.seconds, ok=ok, cycles=True
                    )
                    for label, server in order
                }
                for label, server in order:
                    many = wrk.run(
                        server.base, requests, clients=32, seconds=args.seconds / 2, ok=ok
                    )
                    time.sleep(args.drain)
                    one = ones[label]
                    out["ops"].setdefault(name, {}).setdefault(label, []).append(
                        {"c1": one, "c32": many}
                    )
                    print(
                        f"{name:20s} {label:24s} median {one['median_ms']:.1f} "
                        f"p95 {one['p95_ms']:.1f} p99 {one['p99_ms']:.1f} n {one['requests']} "
                        f"failed {one['failed']}; @32 {many['rps']} req/s",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.stop()
    path = ROOT / "bench" / "results" / (args.out or f"ab_{args.before}_{args.after}.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
