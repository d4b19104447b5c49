"""The account map before and after, in one run on the same graph and companies. Before: each
person's best intro ranked by one exact search per person (top_paths with a single target), on
a region whose last step read every edge of the staff's contacts. After: one pass for all of
them (app/graph/search.py's best_to_each), the last step reading only the edges that can be on
a better path (app/mapping/intros.py's _budgets_each, then _into_rim). In-process, no HTTP: the
time of the service function itself, with its round trips to Neo4j, the team's ball built
first (as a serving process keeps it). Every answer is checked equal: per person the same
best intro's nodes and hops, its score within 1e-6 (strengths decay between the two calls).

    NEO4J_URI=bolt://127.0.0.1:7731 python -m bench.account_map_ab [--companies 30] [--rounds 1]
"""

import argparse
import asyncio
import math
import os
import random
import time
from typing import Any

from app.graph.ball import TeamBallCache
from app.graph.search import FoundPath, Region, best_to_each, top_paths
from app.mapping import account_map, limits
from app.mapping import intros as intros_mod
from app.mapping.intros import IntroSearch
from app.mapping.schemas import AccountMap
from bench import inprocess, load
from bench.stats import percentile


def one_by_one(
    region: Region,
    sources: set[str],
    targets: set[str],
    max_hops: int,
    *,
    source_hops: Any = None,
    source_cost: Any = None,
) -> dict[str, FoundPath]:
    """Before: one top-1 search per person."""
    found = {}
    for t in sorted(targets):
        best = top_paths(
            region,
            sources,
            {t},
            max_hops,
            1,
            max_pops=limits.MAX_POPS,
            source_hops=source_hops,
            source_cost=source_cost,
        )
        if best:
            found[t] = best[0]
    return found


def intros(answer: AccountMap) -> dict[str, tuple[int, float, list[str]] | None]:
    return {
        e.person.id: None
        if e.best_intro is None
        else (e.best_intro.hops, e.best_intro.score, [n.id for n in e.best_intro.nodes])
        for e in answer.people
    }


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(person, before, after) wherever the two answers differ."""
    out = []
    for key in sorted(a.keys() | b.keys()):
        x, y = a.get(key), b.get(key)
        if x is None or y is None:
            if (x is None) != (y is None):
                out.append((key, x, y))
        elif not (x[0] == y[0] and x[2] == y[2] and math.isclose(x[1], y[1], rel_tol=1e-6)):
            out.append((key, x, y))
    return out


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    counted = inprocess.connect()
    db, ctx, calls = counted.db, counted.ctx, counted.calls
    queries = load.bench_queries()
    companies = [
        r["company"] for r in await load.run(db.driver, queries["list_employer_companies"])
    ]
    firms = random.Random(args.seed).sample(companies[1:], min(args.companies, len(companies) - 1))
    balls = TeamBallCache()
    warm = IntroSearch(ctx, balls)
    await warm.warm_ball(await warm.team_ids())
    after = (best_to_each, intros_mod._budgets_each)

    def no_floors(*_: Any) -> None:
        return None

    def before(
        region: Region, sources: set[str], targets: set[str], max_hops: int, **kw: Any
    ) -> dict[str, FoundPath]:
        return one_by_one(region, sources, targets, max_hops, **kw)

    times: dict[str, list[float]] = {"before": [], "after": []}
    statements: dict[str, int] = {"before": 0, "after": 0}
    people: list[int] = []
    unequal = 0
    diffs: list[Any] = []
    for _ in range(args.rounds):
        for firm in firms:
            answers: dict[str, Any] = {}
            for label, (rank, floors) in (("before", (before, no_floors)), ("after", after)):
                setattr(account_map, "best_to_each", rank)  # noqa: B010
                setattr(intros_mod, "_budgets_each", floors)  # noqa: B010
                calls[0] = 0
                started = time.perf_counter()
                got = await account_map.account_map(IntroSearch(ctx, balls), firm)
                times[label].append((time.perf_counter() - started) * 1000)
                statements[label] += calls[0]
                answers[label] = intros(got)
            setattr(account_map, "best_to_each", after[0])  # noqa: B010
            setattr(intros_mod, "_budgets_each", after[1])  # noqa: B010
            people.append(len(answers["after"]))
            diff = differences(answers["before"], answers["after"])
            unequal += bool(diff)
            diffs.extend((firm, *d) for d in diff)
    await db.close()
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "companies": len(firms),
        "rounds": args.rounds,
        "people_median": percentile([float(p) for p in people], 0.5),
        "people_max": max(people, default=0),
        "unequal_answers": unequal,
        "differences": diffs[:10],
        **inprocess.sides(times, statements),
        "max_ms": {side: round(max(v), 2) for side, v in times.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="account_map_ab.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
