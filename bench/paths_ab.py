"""Shortest path before and after, in one run on the same graph and inputs: the breadth-first
search from both ends (one statement per level, app/mapping/paths.py's `_search`, which stays as
the fallback) against the one-statement answer (`shortest`). In-process, no HTTP: the time of
the service function itself, with its round trips to Neo4j. Every answer is checked equal (the
same hops and nodes; the score within 1e-6, as strengths decay between the two calls).

    NEO4J_URI=bolt://127.0.0.1:7731 python -m bench.paths_ab [--pairs 100] [--rounds 3]
"""

import argparse
import asyncio
import math
import os
import random
import time
from typing import Any

from app.common.kinds import RelType
from app.errors import NotFound
from app.mapping import paths
from bench import inprocess

P2P = [RelType.KNOWS, RelType.REPORTS_TO, RelType.INFLUENCES]


def same(a: Any, b: Any) -> bool:
    """The same hops and nodes; scores within 1e-6 (strengths decay between the two calls)."""
    if a is None or b is None:
        return a is None and b is None
    return bool(a[0] == b[0] and a[2] == b[2] and math.isclose(a[1], b[1], rel_tol=1e-6))


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    counted = inprocess.connect()
    db, ctx, calls = counted.db, counted.ctx, counted.calls
    people = await inprocess.people(db)
    rng = random.Random(args.seed)
    pairs = [tuple(rng.sample(people, 2)) for _ in range(args.pairs)]
    names = [t.value for t in P2P]

    async def new(s: str, t: str) -> Any:
        return await paths.shortest(
            ctx, s, t, max_hops=args.max_hops, types=P2P, min_strength=0.0, as_of=None
        )

    async def old(s: str, t: str) -> Any:
        return await paths._search(ctx, s, t, args.max_hops, names, 0.0, 0.0, None)

    times: dict[str, list[float]] = {"before": [], "after": []}
    statements: dict[str, int] = {"before": 0, "after": 0}
    unequal = 0
    for _ in range(args.rounds):
        for s, t in pairs:
            answers: dict[str, tuple[Any, Any, list[Any]] | None] = {}
            for label, fn in (("before", old), ("after", new)):
                calls[0] = 0
                started = time.perf_counter()
                try:
                    got = await fn(s, t)
                    answers[label] = (got.hops, got.score, [n.id for n in got.nodes])
                except NotFound:
                    answers[label] = None
                times[label].append((time.perf_counter() - started) * 1000)
                statements[label] += calls[0]
            unequal += not same(answers["before"], answers["after"])
    await db.close()
    out = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "pairs": args.pairs,
        "rounds": args.rounds,
        "max_hops": args.max_hops,
        "unequal_answers": unequal,
        **inprocess.sides(times, statements),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-hops", type=int, default=4)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", default="paths_ab.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
