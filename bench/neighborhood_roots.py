"""Neighborhoods of roots with many ties, before and after, in one run on the same graph and
inputs. Before: the one statement (get_neighborhood.cypher) read a root's every tie up to the
ball's step cap (NEIGHBORHOOD_BALL_ROWS, 8,000) and the app judged them all. After: a root with
more than NEIGHBORHOOD_ROOT_ROWS ties (or 4 x the limit) is read level by level, strongest
first (`_stepwise`). Both sides run the current code; "before" sets the root's cap to the
ball's, which is what the statement did. In-process, no HTTP, alternating which side goes
first; both answers of an input at one frozen moment and checked equal
(bench/neighborhood_ab.py's `same`).

Inputs: the companies with the most ties (the employers of thousands at M), as many companies at
random, and as many people at random (whose roots stay under the cap: the control). Every type
(the web app's question), depth 1 and 2, limit 200.

    NEO4J_URI=bolt://127.0.0.1:7696 python -m bench.neighborhood_roots [--inputs 30] [--rounds 2]
"""

import argparse
import asyncio
import os
import random
import time
from datetime import UTC, datetime
from typing import Any

from app.common.kinds import Label
from app.graph import strength as strength_module
from app.mapping import limits, neighborhood
from bench import inprocess, load
from bench.neighborhood_ab import same
from bench.stats import percentile


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    counted = inprocess.connect("bolt://127.0.0.1:7696")
    db, ctx, calls = counted.db, counted.ctx, counted.calls
    rng = random.Random(args.seed)
    bq = load.bench_queries()
    ranked = [(r["id"], r["ties"]) for r in await load.run(db.driver, bq["list_companies_by_ties"])]
    groups = {
        "largest companies": (Label.COMPANY, [i for i, _ in ranked[: args.inputs]]),
        "random companies": (Label.COMPANY, rng.sample([i for i, _ in ranked], args.inputs)),
        "random people": (Label.PERSON, rng.sample(await inprocess.people(db), args.inputs)),
    }
    ties = dict(ranked)
    caps = {"before": limits.NEIGHBORHOOD_BALL_ROWS, "after": limits.NEIGHBORHOOD_ROOT_ROWS}
    results: dict[str, Any] = {}
    for name, (label, inputs) in groups.items():
        for depth in (1, 2):
            times: dict[str, list[float]] = {"before": [], "after": []}
            statements = {"before": 0, "after": 0}
            unequal = 0
            for n in range(args.rounds):
                for k, root in enumerate(inputs):
                    moment = datetime.now(UTC)
                    frozen = lambda moment=moment: moment  # noqa: E731
                    setattr(strength_module, "now", frozen)  # noqa: B010
                    setattr(neighborhood, "now", frozen)  # noqa: B010
                    answers = {}
                    order = ["before", "after"] if (n + k) % 2 == 0 else ["after", "before"]
                    for side in order:
                        setattr(limits, "NEIGHBORHOOD_ROOT_ROWS", caps[side])  # noqa: B010
                        calls[0] = 0
                        started = time.perf_counter()
                        answers[side] = await neighborhood.neighborhood(
                            ctx, root, label, depth=depth, types=None,
                            min_strength=0.0, limit=200, as_of=None,
                        )  # fmt: skip
                        times[side].append((time.perf_counter() - started) * 1000)
                        statements[side] += calls[0]
                    setattr(limits, "NEIGHBORHOOD_ROOT_ROWS", caps["after"])  # noqa: B010
                    unequal += not same(answers["before"], answers["after"])
            entry = {
                "inputs": len(inputs),
                # the companies' ties (none counted for people)
                "ties_median": percentile([float(ties[i]) for i in inputs], 0.5)
                if label is Label.COMPANY
                else None,
                "unequal_answers": unequal,
                **inprocess.sides(times, statements),
                "max_ms": {side: round(max(v), 1) for side, v in times.items()},
            }
            results[f"{name}, depth {depth}"] = entry
            print(
                f"{name}, depth {depth}: before {entry['before']['median_ms']} ms "
                f"(p95 {entry['before']['p95_ms']}), after {entry['after']['median_ms']} ms "
                f"(p95 {entry['after']['p95_ms']}), unequal {unequal}, "
                f"load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    await db.close()
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg(),
        "root_rows": caps,
        "rounds": args.rounds,
        "groups": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=30, help="roots per group")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", default="neighborhood_roots.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
