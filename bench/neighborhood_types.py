"""Neighborhoods with every type (the web app's default) and person-to-person (the bench's),
in-process: the service function's time on the same random people, and each answer against
the same code with its caps lifted (every edge read: the ball's exact answer), at one moment.

The bench measures person-to-person neighborhoods only; with every type a level meets the
employers of the people around the root (at M the largest has 10,081 WORKS_AT edges), which is
where the strongest-first level reads and the hub-aware edges among the kept nodes matter
(bench/notes.md, the seventeenth session). Run it in a worktree of another commit to compare:

    NEO4J_URI=bolt://127.0.0.1:7696 .venv/bin/python -m bench.neighborhood_types --people 100
"""

import argparse
import asyncio
import json
import random
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from neo4j import AsyncGraphDatabase

from app.common.kinds import PERSON_TO_PERSON, Label, RelType
from app.config import get_settings
from app.graph import strength as strength_module
from app.main import create_app
from app.mapping import limits, neighborhood
from app.mapping.context import MappingContext

RESULTS = Path(__file__).resolve().parent / "results"
TYPES: dict[str, list[RelType] | None] = {
    "every type": None,
    "person-to-person": [*PERSON_TO_PERSON],
}


MODULES = (strength_module, neighborhood)  # both read the clock as `now`


def _frozen(moment: datetime) -> Any:
    return lambda: moment


def _caps(lifted: bool) -> dict[str, int]:
    names = ("NEIGHBORHOOD_STEP_ROWS", "NEIGHBORHOOD_BALL_ROWS")
    return {n: 10**9 if lifted else getattr(limits, n) for n in names if hasattr(limits, n)}


async def run(people: int, rounds: int, check: bool) -> dict[str, Any]:
    settings = get_settings()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        ctx = MappingContext(app.state.db, settings)
        driver = AsyncGraphDatabase.driver(settings.neo4j_uri, auth=None)
        records, _, _ = await driver.execute_query(
            "MATCH (p:Person) WHERE NOT coalesce(p.is_team, false) "
            "RETURN p.id AS id ORDER BY p.id LIMIT 5000"
        )
        await driver.close()
        roots = random.Random(16).sample([r["id"] for r in records], people)
        normal, lifted = _caps(False), _caps(True)

        async def ask(root: str, types: list[RelType] | None) -> Any:
            return await neighborhood.neighborhood(
                ctx,
                root,
                Label.PERSON,
                depth=2,
                types=types,
                min_strength=0.0,
                limit=200,
                as_of=None,
            )

        out: dict[str, Any] = {}
        for name, types in TYPES.items():
            for root in roots[:10]:  # warm
                await ask(root, types)
            times: list[float] = []
            for _ in range(rounds):
                for root in roots:
                    started = time.perf_counter()
                    await ask(root, types)
                    times.append(time.perf_counter() - started)
            q = statistics.quantiles(times, n=20)
            entry: dict[str, Any] = {
                "median_ms": round(statistics.median(times) * 1e3, 1),
                "p95_ms": round(q[-1] * 1e3, 1),
                "max_ms": round(max(times) * 1e3, 1),
                "n": len(times),
            }
            if check:
                differ = 0
                clocks = [getattr(module, "now") for module in MODULES]  # noqa: B009
                for root in roots:
                    frozen = _frozen(datetime.now(UTC))
                    for module in MODULES:
                        setattr(module, "now", frozen)  # noqa: B010
                    answer = await ask(root, types)
                    for n, v in lifted.items():
                        setattr(limits, n, v)
                    exact = await ask(root, types)
                    for n, v in normal.items():
                        setattr(limits, n, v)
                    differ += answer != exact
                for module, clock in zip(MODULES, clocks, strict=True):
                    setattr(module, "now", clock)  # noqa: B010
                entry["differ_from_every_edge_read"] = differ
            out[name] = entry
            print(name, entry, flush=True)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "neighborhood_types.json")
    args = parser.parse_args()
    result = asyncio.run(run(args.people, args.rounds, not args.no_check))
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
