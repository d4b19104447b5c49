"""Latency of POST /v1/intros on the astro-ph co-authorship network (16,706 people, 121,251
KNOWS edges), measured through the ASGI app with httpx: median and p95 over random targets,
for max_hops 2..6, with the number of edges each answer had to read.

    .venv/bin/python -m bench.intros_latency [--targets 200] [--port 7692]

It starts (or reuses) a local Neo4j with scripts/neo4j.sh on its own port and home, WIPES it,
loads the network with generated names, titles and strengths (seeded), marks 20 people as the
team, and writes bench/results/intros_astro_ph.json. This is a measurement, not a test.
"""

import argparse
import asyncio
import json
import logging
import os
import random
import statistics
import subprocess
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from app.config import Settings
from app.main import create_app
from app.mapping.repository import MappingRepository

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "astro-ph.graph"
RESULTS = ROOT / "bench" / "results" / "intros_astro_ph.json"
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]
TITLES = ["Professor", "Postdoc", "PhD student", "Research fellow", "Lecturer", "Director"]


def read_metis(path: Path) -> tuple[int, list[tuple[int, int]]]:
    with path.open() as lines:
        n = int(lines.readline().split()[0])
        edges = [
            (i, int(j)) for i, line in enumerate(lines, start=1) for j in line.split() if i < int(j)
        ]
    return n, edges


def start_neo4j(port: int, home: Path) -> str:
    env = {
        **os.environ,
        "RELMAP_NEO4J_HOME": str(home),
        "NEO4J_BOLT_PORT": str(port),
        "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "1g"),
        "NEO4J_PAGECACHE": os.environ.get("NEO4J_PAGECACHE", "512m"),
    }
    subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), "start"], env=env, check=True)
    return f"bolt://127.0.0.1:{port}"


async def load(repo: MappingRepository, n: int, edges: list[tuple[int, int]], seed: int) -> dict:
    rng = random.Random(seed)
    ts = datetime.now(UTC)
    ids = {i: str(uuid.uuid4()) for i in range(1, n + 1)}
    degree = dict.fromkeys(ids, 0)
    for u, v in edges:
        degree[u] += 1
        degree[v] += 1
    team = set(rng.sample([i for i in ids if degree[i] > 0], 20))
    people = [
        {
            "id": ids[i],
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            "title": rng.choice(TITLES),
            "tags": ["astro-ph"],
            "is_team": i in team,
            "external_id": f"astro-{i}",
            "attributes_json": "{}",
            "created_at": ts,
            "updated_at": ts,
        }
        for i in ids
    ]
    for k in range(0, len(people), 5000):
        await repo.bulk_people(people[k : k + 5000])
    rels = [
        {
            "source_id": ids[u],
            "target_id": ids[v],
            "props": {
                "id": str(uuid.uuid4()),
                "strength_base": (s := round(rng.uniform(0.05, 0.95), 6)),
                "strength": s,
                "strength_source": "manual",
                "props_json": "{}",
                "created_at": ts,
                "updated_at": ts,
            },
        }
        for u, v in edges
    ]
    for k in range(0, len(rels), 10000):
        await repo.bulk_knows(rels[k : k + 10000])
    return {"ids": ids, "team": team, "degree": degree}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(client: httpx.AsyncClient, targets: list[str], max_hops: int) -> dict[str, Any]:
    times: list[float] = []
    fetched: list[int] = []
    found: list[int] = []
    statuses: dict[str, int] = {}
    for target in targets:
        body = {"target_id": target, "max_hops": max_hops, "limit": 5}
        started = time.perf_counter()
        response = await client.post("/v1/intros", json=body)
        elapsed = time.perf_counter() - started
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
        if response.status_code == 200:
            answer = response.json()
            times.append(elapsed * 1000)
            fetched.append(answer["fetched_edges"])
            found.append(len(answer["paths"]))
    return {
        "max_hops": max_hops,
        "targets": len(targets),
        "statuses": statuses,
        "median_ms": statistics.median(times) if times else None,
        "p95_ms": pct(times, 0.95) if times else None,
        "max_ms": max(times) if times else None,
        "median_fetched_edges": statistics.median(fetched) if fetched else None,
        "p95_fetched_edges": pct([float(f) for f in fetched], 0.95) if fetched else None,
        "targets_with_5_paths": sum(1 for f in found if f == 5),
        "targets_with_no_path": sum(1 for f in found if f == 0),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=200, help="random targets at max_hops 4")
    parser.add_argument("--others", type=int, default=60, help="targets at max_hops 2,3,5,6")
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEO4J_TEST_PORT", 7692)))
    parser.add_argument(
        "--home", default=os.environ.get("RELMAP_TEST_NEO4J_HOME", str(ROOT / ".neo4j-h2"))
    )
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("neo4j").setLevel(logging.ERROR)

    uri = start_neo4j(args.port, Path(args.home))
    settings = Settings(neo4j_uri=uri, relmap_log_level="WARNING")
    app = create_app(settings)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    n, edges = read_metis(DATA)
    async with app.router.lifespan_context(app):
        db = app.state.db
        await db.wipe()
        started = time.perf_counter()
        loaded = await load(MappingRepository(db), n, edges, args.seed)
        load_s = time.perf_counter() - started
        print(f"loaded {n} people and {len(edges)} KNOWS edges in {load_s:.1f}s")
        rng = random.Random(args.seed + 1)
        pool = [loaded["ids"][i] for i in loaded["ids"] if i not in loaded["team"]]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for target in rng.sample(pool, 5):  # warm-up: caches, plans, pool
                await client.post("/v1/intros", json={"target_id": target})
            rows = []
            for max_hops in (2, 3, 4, 5, 6):
                count = args.targets if max_hops == 4 else args.others
                row = await measure(client, rng.sample(pool, count), max_hops)
                rows.append(row)
                print(json.dumps(row))
    header = f"{'max_hops':>8} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'max ms':>9} "
    header += f"{'median edges':>13} {'p95 edges':>10} {'5 paths':>8} {'none':>5} statuses"
    print(header)
    for r in rows:
        print(
            f"{r['max_hops']:>8} {r['targets']:>4} {r['median_ms'] or 0:>10.1f} "
            f"{r['p95_ms'] or 0:>9.1f} {r['max_ms'] or 0:>9.1f} "
            f"{r['median_fetched_edges'] or 0:>13.0f} {r['p95_fetched_edges'] or 0:>10.0f} "
            f"{r['targets_with_5_paths']:>8} {r['targets_with_no_path']:>5} {r['statuses']}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "network": "astro-ph (16,706 nodes, 121,251 edges), strengths U(0.05, 0.95)",
                "team": 20,
                "limit": 5,
                "measured_at": datetime.now(UTC).isoformat(),
                "load_s": round(load_s, 1),
                "cpu_count": os.cpu_count(),
                "load_average": os.getloadavg(),
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
