"""The account map's last ranking, before and after, in one run on the same graph and
companies. Before: after the region's last step, every person's best intro ranked again on the
whole region (app/graph/search.py's best_to_each). After: only the people that step's edges can
reach are ranked again, the others keep the best intro ranked before it
(app/mapping/intros.py's rank_each, with what _budgets_each settled). Both read the same
statements. In-process, no HTTP: the time of the service function itself, with its round trips
to Neo4j, the team's ball built first (as a serving process keeps it), the app's GC tuning.
Every answer is checked equal: per person the same best intro's nodes and hops, its score within
1e-6 (strengths decay between the two calls). Earlier versions of this script (git log) compared
one top-1 search per person with best_to_each.

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
from app.graph.search import FoundPath
from app.main import _tune_gc
from app.mapping import account_map
from app.mapping.intros import IntroSearch, rank_each
from app.mapping.schemas import AccountMap
from bench import inprocess, load
from bench.stats import percentile


def rank_all(*args: Any) -> dict[str, FoundPath]:
    """Before: every person ranked again on the whole region (rank_each without what the last
    step settled: its sixth argument)."""
    return rank_each(*args[:5])


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
    # the app's GC thresholds; this freeze also takes the ball, which the app's start-up
    # freeze (before any ball exists) does not: both sides alike, a little kinder than a server
    _tune_gc()
    ranked: dict[str, list[float]] = {"before": [], "after": []}

    def timed(label: str, rank: Any) -> Any:
        def run(*a: Any) -> dict[str, FoundPath]:
            started = time.perf_counter()
            try:
                return rank(*a)
            finally:
                ranked[label].append((time.perf_counter() - started) * 1000)

        return run

    sides = {"before": timed("before", rank_all), "after": timed("after", rank_each)}
    times: dict[str, list[float]] = {"before": [], "after": []}
    statements: dict[str, int] = {"before": 0, "after": 0}
    people: list[int] = []
    unequal = 0
    diffs: list[Any] = []
    for n in range(args.rounds):
        for k, firm in enumerate(firms):
            answers: dict[str, Any] = {}
            order = ["before", "after"] if (n + k) % 2 == 0 else ["after", "before"]
            for label in order:
                setattr(account_map, "rank_each", sides[label])  # noqa: B010
                calls[0] = 0
                started = time.perf_counter()
                got = await account_map.account_map(IntroSearch(ctx, balls), firm)
                times[label].append((time.perf_counter() - started) * 1000)
                statements[label] += calls[0]
                answers[label] = intros(got)
            setattr(account_map, "rank_each", rank_each)  # noqa: B010
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
        "last_ranking_ms": {
            side: {
                "median": round(percentile(v, 0.5), 2),
                "p95": round(percentile(v, 0.95), 2),
                "max": round(max(v, default=0.0), 2),
            }
            for side, v in ranked.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="account_map_rank_each.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
