"""The API process's memory over repeated whole-graph exports (issue 11).

    NEO4J_URI=bolt://127.0.0.1:7713 .venv/bin/python -m bench.export_memory \
        [--app-dir /tmp/relmap-old --app-dir .] [--exports 20]

Serves each checkout (default: this one) under uvicorn, one worker, as `make run` does, against
the same Neo4j; loads the astro-ph network (16,706 people, 138k relationships; bench/generate.py)
through POST /v1/import unless the database holds it already; then runs `--exports` whole-graph
exports cycling json, graphml, gexf, cytoscape (each response read to its end and dropped) and
prints the process's VmRSS (/proc/<pid>/status) after each, then after `--idle` seconds idle.
Checkouts run one after the other, so they do not share the two cores. A measurement, not a test.
Ends with a summary line per checkout (the band of RSS from export `--settle` on, as +-% around
its middle, and idle against the peak) and writes everything to --out
(bench/results/export_memory.json).
"""

import argparse
import asyncio
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.generate import ensure
from bench.load import load_api
from bench.run import AppServer

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("json", "graphml", "gexf", "cytoscape")
DATASET = "astro-ph"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def label(app_dir: Path) -> str:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%h %s"], cwd=app_dir, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "app"], cwd=app_dir, capture_output=True, text=True
    ).stdout.strip()
    return f"{app_dir} @ {out.stdout.strip()[:60]}{' (+ working tree)' if dirty else ''}"


@contextmanager
def serve(uri: str, app_dir: Path) -> Iterator[AppServer]:
    server = AppServer(uri)
    server.cwd = app_dir
    server.start()
    try:
        yield server
    finally:
        server.stop()


def counts(uri: str) -> tuple[int, int]:
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
        people = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
        rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return int(people), int(rels)


def wipe(uri: str) -> None:
    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused"))
    with driver, driver.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def ensure_loaded(uri: str, server: AppServer) -> None:
    """astro-ph in the database, loaded through the API's import unless it is there already."""
    data = ensure(DATASET)
    people, rels = counts(uri)
    if people == 16_706 and rels >= 137_957:
        print(f"{DATASET} already loaded ({people:,} people, {rels:,} relationships)", flush=True)
        return
    print(f"loading {DATASET} through POST /v1/import ...", flush=True)
    wipe(uri)

    async def load() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=600) as client:
            await load_api(client, data)

    asyncio.run(load())


def export_series(server: AppServer, exports: int, idle: float) -> tuple[float, list[float], float]:
    assert server.proc is not None
    pid = server.proc.pid
    series: list[float] = []
    start = rss_mb(pid)
    print(f"  start: {start:.0f} MB", flush=True)
    with httpx.Client(base_url=server.base, timeout=600) as client:
        for i in range(exports):
            fmt = FORMATS[i % len(FORMATS)]
            started = time.perf_counter()
            size = 0
            with client.stream("GET", "/v1/export", params={"format": fmt}) as resp:
                resp.raise_for_status()
                for chunk in resp.iter_bytes():
                    size += len(chunk)
            series.append(rss_mb(pid))
            print(
                f"  export {i + 1:2d} {fmt:9s} {size / 1e6:6.1f} MB in "
                f"{time.perf_counter() - started:5.2f}s -> RSS {series[-1]:.0f} MB",
                flush=True,
            )
    time.sleep(idle)
    return start, series, rss_mb(pid)


def summary(start: float, series: list[float], idle: float, settle: int) -> dict[str, Any]:
    """RSS from export `settle` on: its band (+-% around the middle of min and max) and its
    growth; idle against the peak."""
    tail = series[settle - 1 :] or series
    low, high = min(tail), max(tail)
    middle = (low + high) / 2
    return {
        "start_mb": round(start, 1),
        "rss_mb": [round(v, 1) for v in series],
        "idle_mb": round(idle, 1),
        "settle": settle,
        "band_mb": [round(low, 1), round(high, 1)],
        "band_pct": round(100 * (high - low) / 2 / middle, 1),
        "growth_mb": round(tail[-1] - tail[0], 1),
        "peak_mb": round(max(series), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--app-dir", action="append", type=Path, help="checkout(s) to serve")
    parser.add_argument("--exports", type=int, default=20)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds before the idle RSS")
    parser.add_argument("--settle", type=int, default=2, help="the band is taken from this export")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/export_memory.json")
    args = parser.parse_args()
    dirs = [d.resolve() for d in (args.app_dir or [ROOT])]
    results: list[tuple[str, dict[str, Any]]] = []
    for i, app_dir in enumerate(dirs):
        name = label(app_dir)
        print(f"serving {name}", flush=True)
        with serve(args.uri, app_dir) as server:
            if i == 0:
                ensure_loaded(args.uri, server)
                server.stop()  # measure a fresh process, not the one that imported
                server.start()
            start, series, idle = export_series(server, args.exports, args.idle)
        results.append((name, summary(start, series, idle, args.settle)))
    print("\nVmRSS (MB) after each whole-graph export, then idle:")
    for name, s in results:
        print(f"{name}\n  {' '.join(f'{v:.0f}' for v in s['rss_mb'])}  | idle {s['idle_mb']:.0f}")
        print(
            f"  summary: from export {args.settle} RSS {s['band_mb'][0]:.0f}-"
            f"{s['band_mb'][1]:.0f} MB"
            f" (+-{s['band_pct']}%), growth {s['growth_mb']} MB, peak {s['peak_mb']:.0f} MB,"
            f" idle {s['idle_mb']:.0f} MB"
        )
    record = {
        "dataset": DATASET,
        "exports": args.exports,
        "formats": list(FORMATS),
        "idle_s": args.idle,
        "runs": [{"app": name, **s} for name, s in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
