"""`make load` as the bench measures it: app/imports/bulk_load.py's load() in a process of its
own, as `make load` runs it (Python's default collector settings, nothing else in its heap).
The bench's own process has made an in-process app by then, whose start-up raises the
collector's thresholds (app/main.py), and planning in it measured what no user gets
(bench/notes.md, the twenty-ninth and thirtieth sessions).

    python -m bench.bulk_child <data directory>   (settings as JSON in RELMAP_BENCH_SETTINGS)

The last line on stdout is the report: seconds per part, relationships, nodes, errors.
"""

import json
import os
import sys
from pathlib import Path

from app.config import Settings
from app.imports import bulk_load

SETTINGS_ENV = "RELMAP_BENCH_SETTINGS"


def main(argv: list[str]) -> int:
    (data,) = argv
    settings = Settings.model_validate_json(os.environ[SETTINGS_ENV])
    done = bulk_load.load(Path(data), settings)
    report = {
        "seconds": done.seconds,
        "relationships": done.relationships,
        "nodes": done.nodes,
        "errors": [list(e) for e in done.errors[:3]],
        "error_count": len(done.errors),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
