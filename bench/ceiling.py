"""What this machine allows for a simple read, whatever the app does: the CPU one read costs the
client and Neo4j, and so the most requests per second the machine's cores can serve.

Measured on the bench's graph, after a warm-up of each side (a fresh Neo4j is several times
slower at first: bench/run.py's `warm_server`):

- the bare driver (one Python process, as the bench's floor): `RETURN 1` and relmap's
  get_person statement, auto-commit (one round trip, as the app reads) and in a managed read
  transaction (two), with 1 and 32 at once;
- relmap's GET /v1/people/{id} over HTTP with wrk, 1 and 32 connections, the app served with
  `--workers` uvicorn processes as `make run` serves it.

Each line gives the rate and the CPU per request of the client (or the app's workers) and of
Neo4j (its process's user + system time from /proc), and the whole machine's (every core's
busy time from /proc/stat, divided by the requests): cores / machine CPU per request is the
rate the machine can reach at best.

    python -m bench.ceiling [--seconds 5] [--workers 2]   (the bench's Neo4j, or NEO4J_URI
    with --neo4j-pid)
"""

import argparse
import asyncio
import json
import os
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncSession

from app.db.queries import QueryRegistry
from bench import wrk
from bench.run import ROOT, AppServer, ensure_neo4j

RESULTS = ROOT / "bench" / "results"
GET_PERSON = QueryRegistry.load()["get_person"].text  # fragments expanded
TICK_S = 1 / os.sysconf("SC_CLK_TCK")


async def person_ids(driver: AsyncDriver, n: int) -> list[str]:
    """Some people's ids, the inputs of the simple reads (here and bench/warm_curve.py)."""
    records, _, _ = await driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id LIMIT $n", {"n": n}, database_="neo4j"
    )
    return [r["id"] for r in records]


def process_cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total * TICK_S


def machine_cpu_s() -> float:
    """Busy CPU seconds of every core (user, nice, system, irq, softirq, steal)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) * TICK_S


def neo4j_pid(explicit: int | None) -> int | None:
    if explicit:
        return explicit
    home = Path(os.environ.get("RELMAP_NEO4J_HOME", str(ROOT / ".neo4j-bench")))
    with_pid = home / "run" / "neo4j.pid"
    return int(with_pid.read_text()) if with_pid.exists() else None


def children(pid: int) -> list[int]:
    """A process and its children (uvicorn's workers)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = task / "children"
        if kids.exists():
            found += [int(k) for k in kids.read_text().split()]
    return found


class Meter:
    """CPU per request of the client, Neo4j and the machine over one measured stretch."""

    def __init__(self, client_pids: list[int] | None, server_pid: int | None) -> None:
        self.client_pids = client_pids  # None: this process (time.process_time)
        self.server_pid = server_pid

    def _now(self) -> tuple[float, float, float]:
        mine = time.process_time() if self.client_pids is None else process_cpu_s(self.client_pids)
        theirs = process_cpu_s([self.server_pid]) if self.server_pid else 0.0
        return mine, theirs, machine_cpu_s()

    def start(self) -> None:
        self._start = self._now()

    def per_request(self, n: int) -> dict[str, float | None]:
        end = self._now()
        client, server, machine = (
            1000 * (b - a) / max(n, 1) for a, b in zip(self._start, end, strict=True)
        )
        return {
            "client_cpu_ms": round(client, 3),
            "neo4j_cpu_ms": round(server, 3) if self.server_pid else None,
            "machine_cpu_ms": round(machine, 3),
        }


Read = Callable[[AsyncSession], Awaitable[object]]


async def driver_rate(
    driver: AsyncDriver, read: Read, clients: int, seconds: float, meter: Meter
) -> dict[str, Any]:
    n = 0

    async def loop(deadline: float) -> None:
        nonlocal n
        while time.perf_counter() < deadline:
            async with driver.session(database="neo4j") as session:
                await read(session)
            n += 1

    await asyncio.gather(*(loop(time.perf_counter() + seconds / 2) for _ in range(clients)))
    n = 0
    meter.start()
    started = time.perf_counter()
    await asyncio.gather(*(loop(started + seconds) for _ in range(clients)))
    wall = time.perf_counter() - started
    return {"clients": clients, "rps": round(n / wall, 1), **meter.per_request(n)}


def reads(ids: list[str]) -> dict[str, Read]:
    rng = random.Random(7)

    async def auto(session: AsyncSession, text: str, params: dict[str, Any]) -> object:
        return await (await session.run(text, params)).to_eager_result()

    async def managed(session: AsyncSession, text: str, params: dict[str, Any]) -> object:
        async def work(tx: AsyncManagedTransaction) -> object:
            return await (await tx.run(text, params)).data()

        return await session.execute_read(work)

    def person() -> dict[str, Any]:
        return {"id": rng.choice(ids)}

    return {
        "RETURN 1, auto-commit": lambda s: auto(s, "RETURN 1 AS x", {}),
        "RETURN 1, managed": lambda s: managed(s, "RETURN 1 AS x", {}),
        "get_person statement, auto-commit": lambda s: auto(s, GET_PERSON, person()),
        "get_person statement, managed": lambda s: managed(s, GET_PERSON, person()),
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    uri = ensure_neo4j()
    server_pid = neo4j_pid(args.neo4j_pid)
    driver = AsyncGraphDatabase.driver(uri, auth=None)
    ids = await person_ids(driver, args.pool)
    out: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "cores": os.cpu_count(),
        "seconds": args.seconds,
        "bare_driver": {},
    }
    meter = Meter(None, server_pid)
    for name, read in reads(ids).items():
        out["bare_driver"][name] = [
            await driver_rate(driver, read, clients, args.seconds, meter) for clients in (1, 32)
        ]
        print(name, out["bare_driver"][name], flush=True)
    await driver.close()

    app = AppServer(uri, args.workers)
    app.start()
    try:
        assert app.proc is not None
        workers = children(app.proc.pid)
        requests: list[wrk.Request] = [("GET", f"/v1/people/{i}", None) for i in ids]
        wrk.run(app.base, requests, clients=4, seconds=args.seconds * 2, ok=(200,))  # warm-up
        http = []
        for clients in (1, 32):
            app_meter = Meter(workers, server_pid)
            app_meter.start()
            got = wrk.run(app.base, requests, clients=clients, seconds=args.seconds, ok=(200,))
            http.append(
                {
                    "clients": clients,
                    "rps": got["rps"],
                    "median_ms": got["median_ms"],
                    **app_meter.per_request(got["requests"]),
                }
            )
            print("GET /v1/people/{id}", http[-1], flush=True)
        out["http_get_person"] = {"workers": args.workers, "levels": http}
    finally:
        app.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", type=int, default=100, help="distinct people read")
    parser.add_argument("--neo4j-pid", type=int, default=None)
    parser.add_argument("--out", default="ceiling.json")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS / args.out}")


if __name__ == "__main__":
    main()
