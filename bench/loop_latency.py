"""Does a cheap request wait for expensive ones? GET /v1/people/{id} latency, idle and with
expensive requests continuously in flight (issue 11).

    NEO4J_URI=bolt://127.0.0.1:7713 .venv/bin/python -m bench.loop_latency \
        [--app-dir /tmp/relmap-old --app-dir .] [--seconds 20] [--busy 4]

Each checkout (default: this one) is served by uvicorn, one worker, against the same Neo4j
holding the astro-ph network (loaded through the API as bench/export_memory.py does, unless it is
there). Per checkout, in two rounds of alternating order: `--seconds` of GET /v1/people/{id}
one at a time on an idle app, then as long with `--busy` clients (another process) each looping
over expensive requests: a person intro (max_hops 4), a company intro, an account map and a
whole-graph JSON export. Prints p50/p90/p99 of the cheap request and how many expensive ones
completed. Two cores are shared with everything else: compare columns of one run, not runs.
A measurement, not a test.
"""

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import statistics
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.export_memory import ROOT, ensure_loaded, label, serve
from bench.run import AppServer


def pick_ids(uri: str, seed: int) -> dict[str, list[str]]:
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
                "MATCH (c:Company)<-[:WORKS_AT]-() WITH c, count(*) AS n WHERE n > 20 "
                "RETURN c.id AS id"
            ).records
        ]
    rng = random.Random(seed)
    return {"people": rng.sample(people, 200), "companies": rng.sample(firms, min(40, len(firms)))}


def expensive(ids: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str, Any]]:
    person, company = rng.choice(ids["people"]), rng.choice(ids["companies"])
    return [
        ("intro_person", "/v1/intros", {"target_id": person, "limit": 5, "max_hops": 4}),
        ("intro_company", "/v1/intros", {"target_id": company, "limit": 5, "max_hops": 4}),
        ("account_map", f"/v1/companies/{company}/account-map", None),
        ("export", "/v1/export?format=json", None),
    ]


def _busy_process(base: str, ids: dict[str, list[str]], clients: int, stop: Any, out: Any) -> None:
    """In a child process (so its own CPU does not delay the probe's clock): `clients` loops of
    expensive requests until `stop` is set; puts {op: [seconds, ...]} on `out`."""
    done: dict[str, list[float]] = {}

    async def client(k: int) -> None:
        rng = random.Random(k)
        async with httpx.AsyncClient(base_url=base, timeout=300) as http:
            ops = expensive(ids, rng)
            i = k  # each client starts on another operation
            while not stop.is_set():
                name, path, body = ops[i % len(ops)]
                i += 1
                started = time.perf_counter()
                if body is None:
                    async with http.stream("GET", path) as resp:
                        async for _ in resp.aiter_raw():
                            pass
                else:
                    resp = await http.post(path, json=body)
                done.setdefault(name, []).append(time.perf_counter() - started)
                if i % len(ops) == k % len(ops):
                    ops = expensive(ids, rng)

    async def main() -> None:
        await asyncio.gather(*(client(k) for k in range(clients)))

    asyncio.run(main())
    out.put(done)


def probe(base: str, ids: list[str], seconds: float) -> list[float]:
    """GET /v1/people/{id}, one at a time, for `seconds`; the latencies in ms."""
    out: list[float] = []
    rng = random.Random(1)
    with httpx.Client(base_url=base, timeout=60) as http:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            http.get(f"/v1/people/{rng.choice(ids)}").raise_for_status()
            out.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(server: AppServer, ids: dict[str, list[str]], seconds: float, busy: int) -> dict:
    idle = probe(server.base, ids["people"], seconds)
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=_busy_process, args=(server.base, ids, busy, stop, out))
    proc.start()
    time.sleep(3)  # the expensive requests under way
    loaded = probe(server.base, ids["people"], seconds)
    stop.set()
    done = out.get(timeout=600)
    proc.join(60)
    return {"idle": idle, "loaded": loaded, "expensive": done}


def warm(server: AppServer, ids: dict[str, list[str]]) -> None:
    """One of each expensive request (and time for the team's ball to be built)."""
    with httpx.Client(base_url=server.base, timeout=300) as http:
        for _ in range(2):
            for _, path, body in expensive(ids, random.Random(0)):
                if body is not None:  # the export needs no warming
                    http.post(path, json=body)
                elif "export" not in path:
                    http.get(path)
            time.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--app-dir", action="append", type=Path, help="checkout(s) to serve")
    parser.add_argument("--seconds", type=float, default=20.0, help="per phase")
    parser.add_argument("--busy", type=int, default=4, help="expensive requests in flight")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    dirs = [d.resolve() for d in (args.app_dir or [ROOT])]
    results: dict[Path, dict[str, Any]] = {
        d: {"idle": [], "loaded": [], "expensive": {}} for d in dirs
    }
    with ExitStack() as stack:
        servers = {d: stack.enter_context(serve(args.uri, d)) for d in dirs}
        ensure_loaded(args.uri, servers[dirs[0]])
        ids = pick_ids(args.uri, seed=3)
        for d in dirs:
            warm(servers[d], ids)
        for r in range(args.rounds):
            for d in dirs if r % 2 == 0 else reversed(dirs):
                print(f"round {r + 1}: {label(d)}", flush=True)
                got = measure(servers[d], ids, args.seconds, args.busy)
                results[d]["idle"] += got["idle"]
                results[d]["loaded"] += got["loaded"]
                for op, secs in got["expensive"].items():
                    results[d]["expensive"].setdefault(op, []).extend(secs)
    print(
        f"\nGET /v1/people/{{id}} latency (ms); loaded = {args.busy} expensive requests in flight"
    )
    print(
        f"{'checkout':60s} {'phase':7s} {'n':>5s} {'p50':>7s} {'p90':>7s} {'p99':>8s} {'max':>8s}"
    )
    for d in dirs:
        for phase in ("idle", "loaded"):
            v = results[d][phase]
            print(
                f"{label(d)[:60]:60s} {phase:7s} {len(v):5d} {statistics.median(v):7.1f} "
                f"{pct(v, 0.9):7.1f} {pct(v, 0.99):8.1f} {max(v):8.1f}"
            )
        exp = results[d]["expensive"]
        print(
            "    expensive done (median s): "
            + ", ".join(
                f"{op} {len(s)} ({statistics.median(s):.2f})" for op, s in sorted(exp.items())
            )
        )


if __name__ == "__main__":
    main()
