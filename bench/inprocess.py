"""What the in-process A/B scripts (bench/paths_ab.py, bench/neighborhood_ab.py) share: the app's
own Database and MappingContext on the bench's graph, with every read counted (statements per
answer), and the graph's people."""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Settings
from app.db.database import Database
from app.db.queries import QueryRegistry
from app.mapping.context import MappingContext
from bench import load
from bench.stats import percentile

PAGES = [f"{i:02x}" for i in range(256)]  # export_people reads the ids page by page
RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Counted:
    db: Database
    ctx: MappingContext
    calls: list[int] = field(default_factory=lambda: [0])  # reads since last reset


def bench_settings(uri: str, **more: Any) -> Settings:
    """The app's settings as the bench serves it: auth off, quiet logs, and the background scans
    off (their passes would land in whichever measurement runs at the time)."""
    return Settings(
        neo4j_uri=uri,
        relmap_api_keys={},
        relmap_log_level="WARNING",
        relmap_signal_scanner=False,
        relmap_graph_signals=False,
        **more,
    )


def connect(default_uri: str = "bolt://127.0.0.1:7731") -> Counted:
    """The app's Database (NEO4J_URI) whose read and read_plain count their calls."""
    uri = os.environ.get("NEO4J_URI", default_uri)
    settings = Settings(neo4j_uri=uri, relmap_api_keys={}, relmap_log_level="WARNING")
    db = Database.connect(settings, QueryRegistry.load())
    counted = Counted(db, MappingContext(db, settings))
    for name in ("read", "read_plain"):
        original = getattr(db, name)

        async def wrapper(*a: Any, _original: Any = original, **kw: Any) -> Any:
            counted.calls[0] += 1
            return await _original(*a, **kw)

        setattr(db, name, wrapper)
    return counted


async def people(db: Database) -> list[str]:
    """Every person's id in the bench's graph."""
    queries = load.bench_queries()
    return [
        p["id"]
        for prefix in PAGES
        for p in await load.run(db.driver, queries["export_people"], prefix=prefix)
    ]


def sides(times: dict[str, list[float]], statements: dict[str, int]) -> dict[str, Any]:
    """Per side of an A/B (before, after): median and p95 ms, statements per request."""
    return {
        side: {
            "median_ms": round(percentile(v, 0.5), 2),
            "p95_ms": round(percentile(v, 0.95), 2),
            "statements_per_request": round(statements[side] / len(v), 2),
        }
        for side, v in times.items()
    }


def save(out: dict[str, Any], name: str) -> None:
    """The results as bench/results/<name>, and on stdout."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
