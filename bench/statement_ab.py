"""One Cypher statement as it is in an older commit and as it is now, side by side on the bench's
graph: the same inputs, the two alternating per input (their order swapped every round), the
bare driver (execute_query, results fully received). Prints the median and p95 of the wall
time and of Neo4j's own time (result available + consumed), and how many inputs the two
answered differently (the whole record compared: both read the same graph at the same moment
as far as stored fields go; strengths are evaluated by the app, not here).

    NEO4J_URI=bolt://127.0.0.1:7696 .venv/bin/python -m bench.statement_ab \
        --statement get_neighborhood --old e809c87~ [--inputs 60] [--rounds 3] [--min-strength 0]

The old statement comes from `git archive <rev> cypher` (its fragments expanded by that
commit's files). Inputs are the bench's question for each statement: a neighborhood of depth
2, limit 200, person-to-person types (app/mapping/neighborhood.py's parameters); a shortest
path of at most 4 hops between two random people (app/mapping/paths.py's).
"""

import argparse
import asyncio
import io
import os
import random
import statistics
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from neo4j import AsyncGraphDatabase

from app.db.queries import QueryRegistry
from app.mapping import limits
from app.mapping.paths import SHORTEST_PATHS_READ
from bench import inprocess

ROOT = Path(__file__).resolve().parents[1]
P2P = ["KNOWS", "REPORTS_TO", "INFLUENCES"]


def old_text(rev: str, name: str) -> str:
    """The statement `name` as commit `rev` had it (fragments expanded)."""
    archive = subprocess.run(
        ["git", "archive", rev, "cypher"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return QueryRegistry.load(Path(tmp) / "cypher")[name].text


def inputs(name: str, people: list[str], n: int, min_strength: float) -> list[dict[str, Any]]:
    rng = random.Random(16)
    if name == "get_neighborhood":
        return [
            {
                "id": root,
                "label": "Person",
                "types": P2P,
                "min_strength": min_strength,
                "depth": 2,
                "limit": 200,
                "rows": limits.NEIGHBORHOOD_STEP_ROWS,
                "root_rows": max(limits.NEIGHBORHOOD_ROOT_ROWS, 4 * 200),
                "rim_rows": limits.NEIGHBORHOOD_STEP_ROWS,
            }
            for root in rng.sample(people, n)
        ]
    if name == "shortest_paths":
        return [
            {
                "from_id": a,
                "to_id": b,
                "types": P2P,
                "min_strength": min_strength,
                "max_hops": 4,
                "limit": SHORTEST_PATHS_READ + 1,
            }
            for a, b in zip(rng.sample(people, n), rng.sample(people, n), strict=True)
        ]
    raise SystemExit(f"no inputs for {name}: get_neighborhood or shortest_paths")


def canonical(value: Any) -> Any:
    """A record's values with every list sorted (collect() promises no order)."""
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    return value


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statement", required=True)
    parser.add_argument("--old", required=True, help="the commit whose statement is 'old'")
    parser.add_argument("--inputs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-strength", type=float, default=0.0)
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7696")
    counted = inprocess.connect(uri)
    people = await inprocess.people(counted.db)
    await counted.db.close()
    texts = {
        "old": old_text(args.old, args.statement),
        "new": QueryRegistry.load()[args.statement].text,
    }
    cases = inputs(args.statement, people, args.inputs, args.min_strength)
    wall: dict[str, list[float]] = {"old": [], "new": []}
    server: dict[str, list[int]] = {"old": [], "new": []}
    differing = set()
    driver = AsyncGraphDatabase.driver(uri, auth=None)
    try:
        for params in cases[:5]:  # warm both plans and the page cache
            for text in texts.values():
                await driver.execute_query(text, params)
        for rnd in range(args.rounds):
            order = ["old", "new"] if rnd % 2 == 0 else ["new", "old"]
            for i, params in enumerate(cases):
                got = {}
                for side in order:
                    started = time.perf_counter()
                    result = await driver.execute_query(texts[side], params)
                    wall[side].append((time.perf_counter() - started) * 1000)
                    summary = result.summary
                    server[side].append(
                        (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
                    )
                    got[side] = [canonical(dict(r)) for r in result.records]
                if got["old"] != got["new"]:
                    differing.add(i)
    finally:
        await driver.close()
    for side in ("old", "new"):
        w, s = sorted(wall[side]), sorted(server[side])
        print(
            f"{side}: wall median {statistics.median(w):.2f} ms, p95 {w[int(0.95 * len(w))]:.1f};"
            f" Neo4j median {statistics.median(s):.1f} ms, p95 {s[int(0.95 * len(s))]}"
            f" ({len(w)} calls)"
        )
    print(f"inputs answered differently: {len(differing)} of {len(cases)}")


if __name__ == "__main__":
    asyncio.run(main())
