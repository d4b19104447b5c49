"""make load's planning and CSV writing with Python's cycle collector on and off, old against new.

`app.imports.bulk_load.load` turns the collector off while it builds the plan
(`_no_cycle_collection`; the CSV is written with it on again). This runs
`load(..., dry_run=True)` (read, plan, CSV; no Neo4j) on one dataset in a fresh process per
round, the sides alternating:
- "collector_on": `_no_cycle_collection` replaced by a no-op, as the code was before;
- "collector_off": the code as it is.
Each round reports the two phases' seconds and the process's peak RSS; both sides must plan the
same numbers of nodes, relationships, errors and created rows (ids are random, so the CSV
itself differs between any two runs).

    python -m bench.plan_gc --dataset M [--rounds 3] [--out bench/results/plan-gc.json]
"""

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.imports import bulk_load

ROOT = Path(__file__).resolve().parents[1]
SIDES = ("collector_on", "collector_off")


def child(dataset: Path, side: str) -> dict[str, Any]:
    """One round of one side, in this process."""
    if side == "collector_on":
        bulk_load._no_cycle_collection = contextlib.nullcontext  # type: ignore[assignment]
    settings = bulk_load.loader_settings("bolt://127.0.0.1:1")
    with tempfile.TemporaryDirectory(prefix="plan-gc-") as tmp:
        loaded = bulk_load.load(dataset, settings, csv_dir=Path(tmp), dry_run=True)
    return {
        "side": side,
        "read_plan_s": round(loaded.seconds["read_plan"], 2),
        "csv_s": round(loaded.seconds["csv"], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "nodes": loaded.nodes,
        "relationships": loaded.relationships,
        "errors": len(loaded.errors),
        "created": loaded.created,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="M", help="a directory under bench/data, or a path")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="where the rounds and medians are written")
    parser.add_argument("--child", choices=SIDES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    dataset = Path(args.dataset)
    if not dataset.exists():
        dataset = ROOT / "bench" / "data" / args.dataset
    if args.child:
        print(json.dumps(child(dataset, args.child)))
        return
    rounds: list[dict[str, Any]] = []
    for r in range(args.rounds):
        order = SIDES if r % 2 == 0 else SIDES[::-1]
        for side in order:
            cmd = [sys.executable, "-m", "bench.plan_gc", "--dataset", str(dataset)]
            out = subprocess.run(
                [*cmd, "--child", side], check=True, capture_output=True, text=True, cwd=ROOT
            ).stdout
            row = json.loads(out.strip().splitlines()[-1])
            row["round"] = r + 1
            rounds.append(row)
            print(json.dumps(row), flush=True)
    same = {
        json.dumps({k: row[k] for k in ("nodes", "relationships", "errors", "created")})
        for row in rounds
    }
    assert len(same) == 1, f"the sides planned different graphs: {same}"
    medians = {
        side: {
            key: statistics.median(row[key] for row in rounds if row["side"] == side)
            for key in ("read_plan_s", "csv_s", "peak_rss_mb")
        }
        for side in SIDES
    }
    print(json.dumps(medians, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        body = {"dataset": str(dataset), "rounds": rounds, "medians": medians}
        args.out.write_text(json.dumps(body, indent=1) + "\n")


if __name__ == "__main__":
    main()
