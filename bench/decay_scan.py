"""What one decay scan costs the API process that runs it: app/changes/scanner.py's whole pass
over the decaying KNOWS edges (every RELMAP_SIGNAL_SCAN_S, 900 s by default, in one of the API
processes), its wall time and the CPU of this process (the scan runs on a worker's event loop,
so that CPU is taken from its requests). The bench's own runs switch the scan off; this measures
it alone, on a loaded graph (`make bench` leaves M loaded in the bench's Neo4j).

    NEO4J_URI=bolt://127.0.0.1:7696 python -m bench.decay_scan [--scans 2] [--out decay_scan.json]

A scan records the crossings it finds (SignalBand nodes and the change feed), as in service.
"""

import argparse
import asyncio
import os
import time
from typing import Any

from app.changes.scanner import SignalScanner
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.db.queries import QueryRegistry
from bench import inprocess


async def main_async(uri: str, scans: int) -> dict[str, Any]:
    settings = Settings(neo4j_uri=uri, relmap_api_keys={}, relmap_log_level="WARNING")
    db = Database.connect(settings, QueryRegistry.load())
    scanner = SignalScanner(db, settings)
    runs = []
    try:
        for _ in range(scans):
            cpu, wall = time.process_time(), time.perf_counter()
            report = await scanner.scan(now())
            runs.append(
                {
                    "edges": report.edges,
                    "crossings": report.crossings,
                    "wall_s": round(time.perf_counter() - wall, 2),
                    "process_cpu_s": round(time.process_time() - cpu, 2),
                }
            )
    finally:
        await db.close()
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg()[0],
        "scans": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=2)
    parser.add_argument("--out", default="decay_scan.json")
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7696")
    inprocess.save(asyncio.run(main_async(uri, args.scans)), args.out)


if __name__ == "__main__":
    main()
