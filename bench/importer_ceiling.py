"""What Neo4j's offline importer allows on this machine: `make load`'s CSV of a bench graph
against the same graph with no properties at all (the importer ids, labels and types only),
alternating, each into a scratch instance of its own (never the bench's or the tests').

Answers whether the bulk-load goal (200,000 relationships/s) is within reach of any change to
relmap's CSV: the bare side is the most the importer does here with the graph's shape.

    .venv/bin/python -m bench.importer_ceiling --data bench/data/M --rounds 2
"""

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from app.imports import bulk_load

RESULTS = Path(__file__).resolve().parent / "results"


def _bare(files: bulk_load.CsvFiles, directory: Path) -> bulk_load.CsvFiles:
    """The same nodes and relationships, files and labels, with only the importer's columns:
    :ID for nodes, :START_ID and :END_ID for relationships (the first columns of each)."""

    def strip(path: Path, keep: int) -> Path:
        out = directory / path.name
        with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
            for line in src:
                dst.write(",".join(line.rstrip("\n").split(",", keep)[:keep]) + "\n")
        return out

    bare = bulk_load.CsvFiles(directory)
    bare.nodes = [(label, strip(path, 1)) for label, path in files.nodes]
    bare.relationships = [(rel, strip(path, 2)) for rel, path in files.relationships]
    return bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("bench/data/M"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS / "importer_ceiling.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="relmap-importer-"))
    os.environ["RELMAP_NEO4J_HOME"] = str(work / "neo4j")  # scripts/neo4j.sh admin's instance
    try:
        settings = bulk_load.loader_settings("bolt://127.0.0.1:7687")
        plan = bulk_load.make_plan(bulk_load.read_payload(args.data), settings)
        (work / "full").mkdir()
        (work / "bare").mkdir()
        files = bulk_load.write_csv(plan, work / "full", 1)
        relationships = len(plan.edges) + len(plan.participations)
        del plan
        sides = {"relmap": files, "bare": _bare(files, work / "bare")}
        runs = []
        for round_ in range(args.rounds):
            order = ["relmap", "bare"] if round_ % 2 == 0 else ["bare", "relmap"]
            for side in order:
                seconds = bulk_load.run_importer(sides[side], None, "1g")
                runs.append(
                    {
                        "round": round_,
                        "side": side,
                        "seconds": round(seconds, 2),
                        "relationships_per_s": round(relationships / seconds),
                    }
                )
                print(runs[-1], flush=True)
        result = {"data": str(args.data), "relationships": relationships, "runs": runs}
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
