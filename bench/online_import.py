"""The online import against the bare driver, in one run on the same data and database.

The same KNOWS edges (wiki-Vote's first 100,000 votes as undirected pairs, 97,167 edges between
6,418 people) are written into a graph without KNOWS edges, the sides alternating:
- "api": POST /v1/import of every row in one request (a job, batches of the app's
  RELMAP_IMPORT_BATCH_ROWS), the app in-process behind httpx's ASGI transport, timed from the
  request to the job's end;
- "bare_merge": the bare driver, the app's own upsert statement with the endpoints found by
  external_id in it, one auto-commit `execute_query` per batch, and nothing else;
- "bare_create": the same with CREATE for MERGE, the fastest a bare driver writes these edges;
- "api_again": the same import once more right after "api" (every edge unchanged: a re-sync);
- "api_update": then the same rows with a strength of their own (every edge updated; after the
  graph is compared).
The bare sides write the very fields a new edge gets from the import (its props and import
record, computed before the clock starts), so every side leaves the same graph: after each
side the edges are read back and compared with the first side's (endpoints and every stored
field but id, created_at and updated_at). The "best UNWIND rate" is the best bare side at its
best batch size.

    NEO4J_URI=bolt://127.0.0.1:7714 python -m bench.online_import [--rounds 2] [--batch 5000 10000]

The database is the caller's own: its KNOWS edges are deleted between sides.
"""

import argparse
import asyncio
import hashlib
import json
import os
import time
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase

from app.common.kinds import RelType
from app.imports.service import Importer
from app.imports.sync import plan_row
from app.main import create_app
from bench import inprocess, load
from bench.import_rate import undirected, wiki_vote
from bench.stats import percentile

PEOPLE_BATCH = 5_000


def pairs(limit: int) -> list[tuple[str, str]]:
    """wiki-Vote's first `limit` votes as undirected pairs (the first direction kept)."""
    return [(f"w{a}", f"w{b}") for a, b in undirected(wiki_vote(limit))]


async def post_import(http: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/v1/import", json=body, timeout=3600)
    if response.status_code == 200:
        return response.json()
    assert response.status_code == 202, response.text
    url = response.json()["status_url"]
    while True:
        job = (await http.get(url)).json()
        if job["status"] in ("done", "failed"):
            assert job["status"] == "done", job
            return job["summary"]
        await asyncio.sleep(0.05)


def digest(rows: list[dict[str, Any]]) -> str:
    """The edges, whatever their direction and order, as one hash."""
    canon = sorted(
        json.dumps([sorted((r["s"], r["t"])), sorted(map(tuple, r["props"]))]) for r in rows
    )
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7714")
    settings = inprocess.bench_settings(uri)  # as bench/run.py serves the app
    queries = load.bench_queries()
    edges = pairs(args.votes)
    people = sorted({p for pair in edges for p in pair})
    rels = [{"type": "KNOWS", "source_external_id": s, "target_external_id": t} for s, t in edges]
    # what the import stores for a new KNOWS edge without fields of its own
    init = Importer._init(RelType.KNOWS)
    props = plan_row({}, None, overwrite=False).write
    bare_rows = [{"s": s, "t": t, "props": props} for s, t in edges]

    app = create_app(settings)
    driver = AsyncGraphDatabase.driver(uri, auth=("neo4j", "unused"))
    times: dict[str, list[float]] = {}
    digests: dict[str, set[str]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            await load.wipe(driver, queries)
            for i in range(0, len(people), PEOPLE_BATCH):
                chunk = people[i : i + PEOPLE_BATCH]
                await post_import(
                    http, {"people": [{"external_id": p, "name": f"Voter {p}"} for p in chunk]}
                )

            async def api(batch: int) -> None:
                app.state.settings.relmap_import_batch_rows = batch
                summary = await post_import(http, {"relationships": rels})
                assert summary["created"]["relationships"] == len(rels), summary

            def bare(name: str) -> Any:
                async def write(batch: int) -> None:
                    now = time.time()
                    for i in range(0, len(bare_rows), batch):
                        await load.run(
                            driver,
                            queries[name],
                            rows=bare_rows[i : i + batch],
                            init=init,
                            now=now,
                        )

                return write

            sides = {
                "api": api,
                "bare_merge": bare("bare_upsert_knows"),
                "bare_create": bare("bare_create_knows"),
            }
            sides = {k: v for k, v in sides.items() if k in args.sides}
            for rnd in range(args.rounds):
                for batch in args.batch:
                    order = list(sides.items())
                    if rnd % 2:
                        order.reverse()
                    for side, write in order:
                        async with driver.session(database="neo4j") as session:
                            await (await session.run(queries["delete_knows"].text)).consume()
                        started = time.perf_counter()
                        await write(batch)
                        elapsed = time.perf_counter() - started
                        key = f"{side}@{batch}"
                        times.setdefault(key, []).append(elapsed)
                        if side == "api":  # and again: every edge there, unchanged (a re-sync)
                            started = time.perf_counter()
                            summary = await post_import(http, {"relationships": rels})
                            assert summary["unchanged"]["relationships"] == len(rels), summary
                            times.setdefault(f"api_again@{batch}", []).append(
                                time.perf_counter() - started
                            )
                        rows = await load.run(driver, queries["knows_digest"])
                        assert len(rows) == len(edges), (key, len(rows))
                        digests.setdefault(digest(rows), set()).add(key)
                        if side == "api":  # and once more with a new strength: every edge updated
                            changed = [{**r, "strength": 0.55} for r in rels]
                            started = time.perf_counter()
                            summary = await post_import(http, {"relationships": changed})
                            assert summary["updated"]["relationships"] == len(rels), summary
                            times.setdefault(f"api_update@{batch}", []).append(
                                time.perf_counter() - started
                            )
                        print(
                            f"  round {rnd} {key}: {len(edges) / elapsed:,.0f} edges/s "
                            f"(load {os.getloadavg()[0]:.1f})",
                            flush=True,
                        )
    await driver.close()
    rates: dict[str, dict[str, Any]] = {
        key: {
            "median_per_s": round(len(edges) / percentile(v, 0.5)),
            "runs_per_s": [round(len(edges) / x) for x in v],
        }
        for key, v in times.items()
    }
    best_bare = max(
        ((r["median_per_s"], key) for key, r in rates.items() if key.startswith("bare_")),
        default=(0, None),
    )
    best_api = max(
        ((r["median_per_s"], key) for key, r in rates.items() if key.startswith("api@")),
        default=(0, None),
    )
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg_end": os.getloadavg()[0],
        "edges": len(edges),
        "people": len(people),
        "rounds": args.rounds,
        "same_graph": len(digests) == 1,
        "rates": rates,
        "best_bare": {"side": best_bare[1], "per_s": best_bare[0]},
        "best_api": {"side": best_api[1], "per_s": best_api[0]},
        "api_to_bare": round(best_api[0] / best_bare[0], 3) if best_bare[0] else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, nargs="+", default=[5_000])
    parser.add_argument("--sides", nargs="+", default=["api", "bare_merge", "bare_create"])
    parser.add_argument("--out", default="online_import.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
