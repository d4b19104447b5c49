"""The local Neo4j with Neo4j's default keep-alive setting (ALL: the server hints
connection.recv_timeout_seconds, and the Python driver then times every socket read) against
scripts/neo4j.sh's STREAMING (no hint), on the bench's graph: the server restarted with each
in turn (ALL, STREAMING, ALL, ...), the app in-process, the same inputs each time. Prints the
median wall time and this process's CPU per request (the app and its in-process client) for
get_person, 4-hop intros to a person and a shortest path, and writes
bench/results/keepalive_ab.json.

    RELMAP_NEO4J_HOME=.neo4j-bench NEO4J_BOLT_PORT=7696 NEO4J_HEAP=4g NEO4J_PAGECACHE=4g \
        .venv/bin/python -m bench.keepalive_ab [--rounds 2] [--inputs 100]
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from app.deps import shared
from app.graph.ball import TeamBallCache
from app.main import create_app
from bench import inprocess

ROOT = Path(__file__).resolve().parents[1]
P2P = "KNOWS,REPORTS_TO,INFLUENCES"
WARM = (
    "MATCH (p) RETURN count(p.id) AS n",
    "MATCH ()-[r]->() RETURN count(r.strength) AS n",
)


def restart(mode: str) -> None:
    """The managed Neo4j (RELMAP_NEO4J_HOME, NEO4J_BOLT_PORT) stopped and started with `mode`."""
    env = {**os.environ, "NEO4J_KEEP_ALIVE_FOR": mode}
    script = str(ROOT / "scripts/neo4j.sh")
    subprocess.run([script, "stop"], env=env, check=True, capture_output=True)
    subprocess.run([script, "start"], env=env, check=True, capture_output=True)


async def measure(uri: str, targets: list[str]) -> dict[str, Any]:
    app = create_app(inprocess.bench_settings(uri, relmap_webhooks_deliver=False))
    out: dict[str, Any] = {}
    async with app.router.lifespan_context(app):
        for statement in WARM:  # the page cache, after the restart
            await app.state.db.driver.execute_query(statement)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            hints = [
                c.connection_hints
                for pool in app.state.db.driver._pool.connections.values()
                for c in pool
            ]
            out["recv_timeout_hint"] = any("connection.recv_timeout_seconds" in h for h in hints)
            first = {"target_id": targets[0], "limit": 5, "max_hops": 4}
            await http.post("/v1/intros", json=first)
            await shared(app.state, "team_ball", TeamBallCache).settled()
            asks: dict[str, Callable[[str], Awaitable[httpx.Response]]] = {
                "get_person": lambda t: http.get(f"/v1/people/{t}"),
                "intros_person_h4": lambda t: http.post(
                    "/v1/intros", json={"target_id": t, "limit": 5, "max_hops": 4}
                ),
                "shortest_path": lambda t: http.get(
                    "/v1/paths/shortest",
                    params={"from_id": targets[1], "to_id": t, "types": P2P, "max_hops": 4},
                ),
            }
            for name, ask in asks.items():
                for t in targets[:10]:
                    await ask(t)
                wall: list[float] = []
                cpu = time.process_time()
                for t in targets:
                    started = time.perf_counter()
                    answer = await ask(t)
                    wall.append((time.perf_counter() - started) * 1000)
                    if answer.status_code not in (200, 404):
                        raise SystemExit(f"{name}: {answer.status_code} {answer.text[:200]}")
                out[name] = {
                    "median_ms": round(statistics.median(wall), 2),
                    "cpu_ms_per_request": round((time.process_time() - cpu) / len(wall) * 1000, 2),
                    "n": len(wall),
                }
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--inputs", type=int, default=100)
    args = parser.parse_args()
    uri = f"bolt://127.0.0.1:{os.environ.get('NEO4J_BOLT_PORT', '7687')}"
    targets: list[str] = []
    runs = []
    for _ in range(args.rounds):
        for mode in ("ALL", "STREAMING"):
            restart(mode)
            if not targets:
                counted = inprocess.connect(uri)
                people = await inprocess.people(counted.db)
                targets = random.Random(16).sample(people, args.inputs)
                await counted.db.close()
            got = await measure(uri, targets)
            load = os.getloadavg()[0]
            runs.append({"mode": mode, "load_avg": round(load, 2), **got})
            print(mode, f"load {load:.2f}", {k: v for k, v in got.items()})
    restart("STREAMING")  # as scripts/neo4j.sh leaves it
    inprocess.save({"inputs": args.inputs, "runs": runs}, "keepalive_ab.json")


if __name__ == "__main__":
    asyncio.run(main())
