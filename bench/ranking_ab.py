"""The rankings' CPU, two commits side by side on the same graph and companies.

    NEO4J_URI=bolt://127.0.0.1:7696 python -m bench.ranking_ab --before 0a1fadf [--after HEAD]

Each side is a commit in a git worktree (bench.ab's), run as a child process of this script
with that worktree first on its path: in-process, no HTTP, the team's ball built first (as a
serving process keeps it), the app's GC tuning. The child asks the bench's own account-map
inputs (bench.run's operations, seed 7: 100 companies) for their account map, then for their
company intros (max_hops 4, top 5), twice, and keeps the second round: per company the wall
time and the CPU time of the rankings (thread CPU in _budgets_each, rank_each and top_paths,
which run in a thread of their own). Sides run before, after, after, before (--pairs 2).

Every answer is checked against the first side's: per person the same best intro (present or
not), per company intro the same paths' nodes; scores within 1e-3, since strengths decay in
the minutes between two runs. Writes bench/results/ranking_ab.json (or --out). This is a
measurement, not a test.
"""

import argparse
import asyncio
import functools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RANKINGS = ("_budgets_each", "rank_each", "top_paths")


async def child(firms: list[str]) -> dict[str, Any]:
    """One side: runs with its own worktree's `app` and `bench` first on the path."""
    import app
    from app.graph.ball import TeamBallCache
    from app.main import _tune_gc
    from app.mapping import account_map as am
    from app.mapping import intros as im
    from app.mapping.intros import IntroSearch
    from app.mapping.schemas import IntroRequest
    from bench import inprocess

    cpu = [0.0]

    def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def run(*a: Any, **k: Any) -> Any:
            started = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                cpu[0] += time.thread_time() - started

        return run

    im._budgets_each = timed(im._budgets_each)
    am.rank_each = timed(am.rank_each)  # type: ignore[attr-defined]
    im.top_paths = timed(im.top_paths)  # type: ignore[attr-defined]
    counted = inprocess.connect()
    ctx = counted.ctx
    balls = TeamBallCache()
    warm = IntroSearch(ctx, balls)
    await warm.warm_ball(await warm.team_ids())
    _tune_gc()

    async def ask(op: str, firm: str) -> Any:
        if op == "account_map":
            got = await am.account_map(IntroSearch(ctx, balls), firm)
            return [[p.person.id, p.best_intro.score if p.best_intro else None] for p in got.people]
        request = IntroRequest(target_id=firm, limit=5, max_hops=4)
        paths = (await IntroSearch(ctx, balls).intros(request)).paths
        return [[p.score, [n.id for n in p.nodes]] for p in paths]

    out: dict[str, Any] = {"app": app.__file__}
    for op in ("account_map", "company_intros"):
        rows: dict[str, Any] = {}
        for n in range(2):
            for firm in firms:
                cpu[0] = 0.0
                started = time.perf_counter()
                answer = await ask(op, firm)
                wall = (time.perf_counter() - started) * 1000
                if n:
                    rows[firm] = {"ms": wall, "ranking_cpu_ms": cpu[0] * 1000, "answer": answer}
        out[op] = rows
    await counted.db.close()
    return out


def same(op: str, a: Any, b: Any) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if op == "account_map":
            if x[0] != y[0] or (x[1] is None) != (y[1] is None):
                return False
            if x[1] is not None and not math.isclose(x[1], y[1], rel_tol=1e-3):
                return False
        elif x[1] != y[1] or not math.isclose(x[0], y[0], rel_tol=1e-3):
            return False
    return True


def pct(values: list[float], q: float) -> float:
    from bench.stats import percentile

    return round(percentile(values, q), 2)


def summary(runs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    first = runs[0][1]
    out: dict[str, Any] = {}
    for op in ("account_map", "company_intros"):
        per_run = []
        for label, run in runs:
            rows = run[op]
            wall = [r["ms"] for r in rows.values()]
            cpu = [r["ranking_cpu_ms"] for r in rows.values()]
            unequal = [f for f in rows if not same(op, first[op][f]["answer"], rows[f]["answer"])]
            per_run.append(
                {
                    "side": label,
                    "app": run["app"],
                    "wall_ms": {"median": pct(wall, 0.5), "p95": pct(wall, 0.95), "max": max(wall)},
                    "ranking_cpu_ms": {
                        "median": pct(cpu, 0.5),
                        "p95": pct(cpu, 0.95),
                        "max": round(max(cpu), 2),
                        "sum": round(sum(cpu), 1),
                    },
                    "answers_unlike_the_first_run": len(unequal),
                }
            )
        out[op] = per_run
    return out


async def bench_companies(uri: str) -> list[str]:
    """bench.run's account-map inputs (seed 7, a pool of 100) on this graph."""
    import neo4j

    from bench import inprocess, load
    from bench.run import make_ops

    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=("neo4j", "unused"))
    queries = load.bench_queries()
    people = [
        p
        for prefix in inprocess.PAGES
        for p in await load.run(driver, queries["export_people"], prefix=prefix)
    ]
    companies = [r["company"] for r in await load.run(driver, queries["list_employer_companies"])]
    await driver.close()
    ops = make_ops(random.Random(7), people, companies, 100)
    return list(next(o for o in ops if o.name == "account_map").inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before")
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--out", default="ranking_ab.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the firms file, in a child
    args = parser.parse_args()
    if args.child:
        firms = json.loads(Path(args.child).read_text())
        print(json.dumps(asyncio.run(child(firms))))
        return
    if not args.before:
        parser.error("--before is required")
    from bench import inprocess
    from bench.ab import worktree

    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7696")
    firms = asyncio.run(bench_companies(uri))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(firms, f)
    sides = {"before": worktree(args.before), "after": worktree(args.after)}
    order = [
        s for n in range(args.pairs) for s in (("before", "after"), ("after", "before"))[n % 2]
    ]
    runs = []
    for label in order:
        env = {**os.environ, "PYTHONPATH": str(sides[label]), "NEO4J_URI": uri}
        started = time.strftime("%H:%M:%S", time.gmtime())
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", f.name],
            env=env,
            cwd=tempfile.gettempdir(),
            check=True,
            capture_output=True,
            text=True,
        )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append((label, run))
        print(label, started, os.getloadavg()[0], flush=True)
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "before": args.before,
        "after": args.after,
        "companies": len(firms),
        "runs": summary(runs),
    }
    for op, rows in result["runs"].items():
        for row in rows:
            print(
                op,
                row["side"],
                row["wall_ms"],
                row["ranking_cpu_ms"],
                row["answers_unlike_the_first_run"],
            )
    inprocess.save(result, args.out)


if __name__ == "__main__":
    main()
