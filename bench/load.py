"""Load a generated dataset into relmap's Neo4j, and read back what the peers need.

Two paths, the first that exists wins (the run records which one was used):
- "api": POST /v1/import in chunks, through the running app (its rate is a result);
- "driver": the storage contract written directly with UNWIND batches (bench/cypher/), the
  same node and edge properties the app writes, KNOWS strength folded from the interactions with
  relmap's own StrengthModel.
A third, "bulk" (load_bulk), is `make load`: the offline importer into a wiped managed Neo4j.
"""

import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncDriver

from app.common.kinds import DEFAULT_STRENGTH, InteractionKind, RelType
from app.config import Settings
from app.db.convert import dumps
from app.db.queries import Query, QueryRegistry
from app.graph.strength import StrengthModel
from bench.bulk_child import SETTINGS_ENV
from bench.generate import load_rows, row_chunks

# Benchmark-only statements: a registry of their own, never loaded by the app (cypher/ is its).
BENCH_CYPHER = Path(__file__).resolve().parent / "cypher"
BATCH = 5_000
WORKS_AT_FIELDS = ("title", "role", "department", "since", "until", "current")


def bench_queries() -> QueryRegistry:
    return QueryRegistry.load(BENCH_CYPHER)


@dataclass
class LoadReport:
    path: str  # "api" | "driver" | "bulk"
    concurrency: int = 1  # requests in flight (api)
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def rate(self, part: str) -> float | None:
        secs = self.seconds.get(part)
        return self.rows[part] / secs if secs else None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "concurrency": self.concurrency,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "rows": self.rows,
            "rows_per_s": {k: round(self.rate(k) or 0.0) for k in self.seconds},
        }


def chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def run(driver: AsyncDriver, query: Query, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(query.text, params, database_="neo4j")
    return [r.data() for r in records]


async def wipe(driver: AsyncDriver, queries: QueryRegistry, batch: int = 10_000) -> None:
    """Empties the bench database a batch of nodes per transaction, so that no transaction
    runs into the server's timeout however large the graph left by the last run."""
    while (await run(driver, queries["wipe_graph"], limit=batch))[0]["deleted"]:
        pass


def _key(dataset: str, external_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"relmap-bench/{dataset}/{external_id}"))


async def load_driver(
    driver: AsyncDriver, queries: QueryRegistry, data: Path, dataset: str, settings: Settings
) -> LoadReport:
    """The storage contract, written with UNWIND batches through the bare driver."""
    report = LoadReport("driver")
    now = datetime.now(UTC)
    ids: dict[str, str] = {}

    def node(row: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        props = {k: v for k, v in row.items() if k != "attributes" and v is not None}
        ids[row["external_id"]] = _key(dataset, row["external_id"])
        return {
            **props,
            **extra,
            "id": ids[row["external_id"]],
            "attributes_json": dumps(row.get("attributes")),
            "created_at": now,
            "updated_at": now,
        }

    async def timed(part: str, name: str, rows: list[dict[str, Any]], **params: Any) -> None:
        started = time.perf_counter()
        for batch in chunks(rows, BATCH):
            await run(driver, queries[name], rows=list(batch), **params)
        report.seconds[part] = report.seconds.get(part, 0.0) + time.perf_counter() - started
        report.rows[part] = report.rows.get(part, 0) + len(rows)

    companies = [
        node(r, {"domain_key": (r.get("domain") or "").lower() or None})
        for r in load_rows(data, "companies")
    ]
    await timed("companies", "load_companies", companies)
    people = [
        node(r, {"email_key": (r.get("email") or "").lower() or None})
        for r in load_rows(data, "people")
    ]
    await timed("people", "load_people", people)

    model = StrengthModel(settings.strength_kind_weights, settings.strength_half_life_days)
    interactions = load_rows(data, "interactions")
    knows: dict[tuple[str, str], dict[str, Any]] = {}
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in load_rows(data, "relationships"):
        kind = RelType(r["type"])
        manual = r.get("strength") is not None
        base = float(r["strength"]) if manual else DEFAULT_STRENGTH[kind]
        props: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "strength_base": base,
            "strength": base,
            "strength_source": "manual" if manual else "default",
            "created_at": now,
            "updated_at": now,
        }
        extra = dict(r.get("properties") or {})
        if kind is RelType.WORKS_AT:
            for key in WORKS_AT_FIELDS:
                value = extra.pop(key, None)
                if key in ("since", "until") and value is not None:
                    value = date.fromisoformat(value)
                if value is not None:
                    props[key] = value
            props.setdefault("current", "until" not in props)
        props["props_json"] = dumps(extra)
        s_id, t_id = ids[r["source_external_id"]], ids[r["target_external_id"]]
        row = {"s": s_id, "t": t_id, "props": props}
        if kind is RelType.KNOWS:
            knows[(min(s_id, t_id), max(s_id, t_id))] = row
        by_type.setdefault(kind.value, []).append(row)

    # Interactions: nodes + PARTICIPATED_IN, and their mass folded into the KNOWS edges.
    irows = []
    for it in interactions:
        ikind = InteractionKind(it["kind"])
        at = datetime.fromisoformat(it["occurred_at"].replace("Z", "+00:00"))
        pids = [ids[p] for p in it["participant_external_ids"]]
        irows.append(
            {
                "props": {
                    "id": str(uuid.uuid4()),
                    "external_id": it["external_id"],
                    "kind": ikind.value,
                    "occurred_at": at,
                    "summary": it.get("summary"),
                    "sentiment": it.get("sentiment"),
                    "participant_count": len(pids),
                    "created_at": now,
                },
                "pids": pids,
            }
        )
        amount = model.contribution(ikind, len(pids), it.get("sentiment"))
        for i, a in enumerate(pids):
            for b in pids[i + 1 :]:
                pair = (min(a, b), max(a, b))
                edge = knows.get(pair)
                if edge is None:
                    base = DEFAULT_STRENGTH[RelType.KNOWS]
                    edge = {
                        "s": a,
                        "t": b,
                        "props": {
                            "id": str(uuid.uuid4()),
                            "strength_base": base,
                            "strength": base,
                            "strength_source": "default",
                            "props_json": "{}",
                            "created_at": now,
                            "updated_at": now,
                        },
                    }
                    knows[pair] = edge
                    by_type["KNOWS"].append(edge)
                p = edge["props"]
                p["mass"], p["mass_at"] = model.add(
                    p.get("mass"), p.get("mass_at"), ikind, at.timestamp(), amount
                )
                p["interaction_count"] = p.get("interaction_count", 0) + 1
                last = p.get("last_interaction_at")
                p["last_interaction_at"] = at if last is None or at > last else last
                if p["strength_source"] == "default":
                    p["strength_source"] = "interactions"
    for edge in knows.values():
        p = edge["props"]
        if "mass" in p:
            p["strength"] = model.evaluate(
                p["strength_base"], p["mass"], p["mass_at"], p["mass_at"]
            )

    for kind_name, rows in by_type.items():
        if kind_name == "WORKS_AT":
            await timed("relationships", "load_works_at", rows)
        else:
            await timed("relationships", "load_person_relationships", rows, type=kind_name)
    await timed("interactions", "load_interactions", irows)
    return report


async def load_api(client: httpx.AsyncClient, data: Path, concurrency: int = 1) -> LoadReport:
    """POST /v1/import in chunks, `concurrency` requests in flight (a 202 job is polled to its
    end). The parts go in order: nodes before the edges and interactions that refer to them."""
    report = LoadReport("api")
    report.concurrency = concurrency
    for part in ("companies", "people", "relationships", "interactions"):
        started = time.perf_counter()
        pending = row_chunks(data, part, BATCH)
        sizes: list[int] = []
        await asyncio.gather(*(_post_all(client, part, pending, sizes) for _ in range(concurrency)))
        done = sum(sizes)
        report.seconds[part] = time.perf_counter() - started
        report.rows[part] = done
        print(f"  {part}: {done:,} rows in {report.seconds[part]:.0f}s", flush=True)
    return report


async def _post_all(
    client: httpx.AsyncClient, part: str, pending: Iterator[list[dict[str, Any]]], sizes: list[int]
) -> None:
    """Post chunks until the shared iterator is empty (each chunk goes to one poster)."""
    for batch in pending:
        await import_batch(client, {part: batch})
        sizes.append(len(batch))


async def import_batch(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    resp = await client.post("/v1/import", json=body, timeout=600)
    if resp.status_code == 202:
        job = resp.json()["job_id"]
        while True:
            await asyncio.sleep(0.2)
            status = (await client.get(f"/v1/import/jobs/{job}")).json()
            if status.get("status") in ("done", "failed"):
                if status["status"] == "failed":
                    raise RuntimeError(f"import job failed: {status}")
                return status
    if resp.status_code >= 300:
        raise RuntimeError(f"import answered {resp.status_code}: {resp.text[:500]}")
    summary: dict[str, Any] = resp.json()
    if summary.get("errors"):
        raise RuntimeError(f"import reported errors, first: {summary['errors'][:3]}")
    return summary


async def load_bulk(data: Path, settings: Settings, *, wipe: bool = True) -> LoadReport:
    """The dataset (bench/data/<size>: <entity>.jsonl) through `make load`
    (app/imports/bulk_load.py, in a process of its own as `make load` runs it:
    bench/bulk_child.py): planned as POST /v1/import plans it, written by Neo4j's offline
    importer into the managed instance scripts/neo4j.sh runs (RELMAP_NEO4J_HOME, NEO4J_BOLT_PORT
    of this process's environment or .env), which must be the one at settings.neo4j_uri. It is
    wiped first (wipe=False: it must already be empty) and left running with relmap's schema.
    Stop the API and close drivers on it first: the server is stopped and started under them.
    seconds: read_plan, csv, importer, server_start, empty_tags, schema, total (server_stop too if
    it was running); rows: the relationships under each (so rows_per_s is relationships/s), and
    the nodes."""
    from app.imports import bulk_load

    managed = bulk_load.bolt_uri()
    if settings.neo4j_uri.rstrip("/") != managed:
        raise RuntimeError(f"{settings.neo4j_uri} is not the managed Neo4j ({managed})")
    if wipe:
        await asyncio.to_thread(bulk_load.neo4j_sh, "wipe")
    # in a process of its own, as `make load` runs it (bench/bulk_child.py)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.bulk_child",
        str(data),
        stdout=asyncio.subprocess.PIPE,
        env=os.environ
        | {SETTINGS_ENV: bulk_load.loader_settings(managed, settings).model_dump_json()},
    )
    out, _ = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the bulk load failed (exit {child.returncode}): {out[-2000:]!r}")
    done = json.loads(out.decode().strip().splitlines()[-1])
    report = LoadReport("bulk")
    report.seconds = dict(done["seconds"])
    rels = done["relationships"]
    report.rows = {part: rels for part in done["seconds"]} | {"nodes": done["nodes"]}
    if done["error_count"]:
        raise RuntimeError(f"{done['error_count']} rows had errors, first: {done['errors']}")
    return report


async def find_ids(driver: AsyncDriver, queries: QueryRegistry, keys: list[str]) -> dict[str, str]:
    rows = await run(driver, queries["find_ids"], keys=keys)
    return {r["key"]: r["id"] for r in rows}
