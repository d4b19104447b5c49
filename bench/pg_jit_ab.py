"""The PostgreSQL peer with PostgreSQL's JIT on (its default) and off: the same queries on
the same inputs, alternating (on then off, then off then on), answers compared. Measured to
pick the peer's best setting (bench/peers/postgres.py runs it with jit=off).

    python -m bench.pg_jit_ab [--inputs 30]   (the person graph of the bench's Neo4j, or
    NEO4J_URI; a loaded graph, as bench.run leaves it)
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from app.config import Settings
from bench import fair, load
from bench.peers.postgres import Postgres
from bench.run import PAGES, RESULTS, connect, ensure_neo4j, person_edges

Graph = tuple[list[dict[str, Any]], list[tuple[int, int, float, str, str]]]


async def graph(uri: str) -> Graph:
    """The people and the person graph, as bench.run exports them for its peers."""
    settings = Settings(neo4j_uri=uri, relmap_api_keys={}, relmap_log_level="WARNING")
    driver = connect(settings)
    bq = load.bench_queries()
    people = [
        p for prefix in PAGES for p in await load.run(driver, bq["export_people"], prefix=prefix)
    ]
    for n, p in enumerate(people):
        p["n"] = n
    index = {p["id"]: p["n"] for p in people}
    edges = await person_edges(driver, bq, index, settings)
    await driver.close()
    return people, edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", default="pg_jit.json")
    args = parser.parse_args()
    people, edges = asyncio.run(graph(ensure_neo4j()))
    ids = [p["id"] for p in people]
    team = frozenset(p["n"] for p in people if p["is_team"])
    rng = random.Random(args.seed)
    others = [p["n"] for p in people if not p["is_team"]]
    targets = rng.sample(others, args.inputs)
    pairs = list(zip(rng.sample(others, args.inputs), targets, strict=True))
    pg = Postgres()
    pg.start()
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "edges": len(edges),
        "inputs": args.inputs,
        "median_ms": {},
    }
    try:
        fair.pg_load(pg.dsn, ids, team, edges)
        peer = fair.PgPeer(pg.dsn, 60)
        questions: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
            "neighborhood_depth2": (lambda t: peer.neighborhood(t, 2, 200), targets),
            "shortest_path": (lambda st: peer.shortest(st[0], st[1], 4), pairs),
            "intros_person_h3": (lambda t: peer.intros(t, 3, 5), targets),
            "intros_person_h4": (lambda t: peer.intros(t, 4, 5), targets),
        }
        for name, (ask, inputs) in questions.items():
            for x in inputs[:5]:
                ask(x)
            times: dict[str, list[float]] = {"on": [], "off": []}
            answers: dict[str, list[Any]] = {"on": [], "off": []}
            for order in (("on", "off"), ("off", "on")):
                for side in order:
                    peer.conn.execute(f"SET jit = {side}")
                    for x in inputs:
                        started = time.perf_counter()
                        answers[side].append(ask(x))
                        times[side].append((time.perf_counter() - started) * 1000)
            same = sum(a == b for a, b in zip(answers["on"], answers["off"], strict=True))
            result["median_ms"][name] = {
                **{side: round(statistics.median(v), 2) for side, v in times.items()},
                "same_answers": f"{same}/{len(answers['on'])}",
            }
            print(name, result["median_ms"][name], flush=True)
        peer.close()
    finally:
        pg.stop()
    (RESULTS / args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS / args.out}")


if __name__ == "__main__":
    main()
