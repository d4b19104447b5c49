"""Import rate of POST /v1/import for 100,000 relationships (docs/import.md reports the numbers).

Real topology: the first 100,000 edges of SNAP wiki-Vote (A voted on B) become INFLUENCES
edges between 7,115 people; the same pairs, reciprocal ones dropped, as KNOWS (symmetric
MERGE). The app runs in-process behind httpx's ASGI transport against a Neo4j you name (your
own: the script wipes it). For each batch size it reports rows/s of the first import (creates)
and of the same import again (all unchanged), the body size per row, and how long a whole-graph
export of the result takes (GraphML and node-link JSON).

    .venv/bin/python -m bench.import_rate --uri bolt://127.0.0.1:7695 --batch 2000 5000 10000
"""

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase

from app.config import Settings
from app.main import create_app

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wiki-Vote.txt"
ROWS = 100_000


def wiki_vote(limit: int) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for line in DATA.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a, b = line.split()
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            pairs.append((a, b))
            if len(pairs) == limit:
                break
    return pairs


def undirected(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs once each whichever way they go (the first direction kept): a KNOWS each."""
    out: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for a, b in pairs:
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            out.append((a, b))
    return out


async def wipe(uri: str) -> None:
    driver = AsyncGraphDatabase.driver(uri, auth=("neo4j", "neo4j"))
    async with driver.session() as session:
        query = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
        await (await session.run(query)).consume()
    await driver.close()


async def post(http: httpx.AsyncClient, body: dict[str, Any]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    response = await http.post("/v1/import", json=body, timeout=3600)
    if response.status_code == 202:
        url = response.json()["status_url"]
        while True:
            job = (await http.get(url)).json()
            if job["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.1)
        assert job["status"] == "done", job
        summary = job["summary"]
    else:
        assert response.status_code == 200, response.text
        summary = response.json()
    return summary, time.perf_counter() - started


async def measure(uri: str, batch: int, rel_type: str, pairs: list[tuple[str, str]]) -> dict:
    # the default 10 MiB body limit holds the 100,000 edges in one request (~86 bytes a row)
    settings = Settings(neo4j_uri=uri, relmap_import_batch_rows=batch)
    app = create_app(settings)
    await wipe(uri)
    people = sorted({p for pair in pairs for p in pair}, key=int)
    rels = [
        {"type": rel_type, "source_external_id": f"w{a}", "target_external_id": f"w{b}"}
        for a, b in pairs
    ]
    body_bytes = len(json.dumps({"relationships": rels}).encode())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            nodes = {"people": [{"external_id": f"w{p}", "name": f"Voter {p}"} for p in people]}
            summary, node_s = await post(http, nodes)
            assert summary["created"]["people"] == len(people), summary
            summary, first_s = await post(http, {"relationships": rels})
            assert summary["created"]["relationships"] == len(rels), summary
            summary, again_s = await post(http, {"relationships": rels})
            assert summary["unchanged"]["relationships"] == len(rels), summary
            exports = {}
            for fmt in ("graphml", "json"):
                started = time.perf_counter()
                size = 0
                async with http.stream("GET", "/v1/export", params={"format": fmt}) as answer:
                    assert answer.status_code == 200
                    async for chunk in answer.aiter_bytes():
                        size += len(chunk)
                exports[fmt] = {"s": round(time.perf_counter() - started, 2), "mb": size >> 20}
    return {
        "type": rel_type,
        "batch": batch,
        "people": len(people),
        "people_per_s": round(len(people) / node_s),
        "relationships": len(rels),
        "create_per_s": round(len(rels) / first_s),
        "create_s": round(first_s, 2),
        "unchanged_per_s": round(len(rels) / again_s),
        "bytes_per_row": round(body_bytes / len(rels), 1),
        "export": exports,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uri", required=True, help="bolt URI of a Neo4j this may wipe")
    parser.add_argument("--batch", type=int, nargs="+", default=[5000])
    parser.add_argument("--types", nargs="+", default=["INFLUENCES", "KNOWS"])
    args = parser.parse_args()
    directed = wiki_vote(ROWS)
    knows = undirected(directed)
    for rel_type in args.types:
        pairs = knows if rel_type == "KNOWS" else directed
        for batch in args.batch:
            print(json.dumps(await measure(args.uri, batch, rel_type, pairs)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
