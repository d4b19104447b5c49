"""The analytics cache and its jobs: one per app, kept in app.state.

A result (a metric's scores, a partition) is valid for one graph version (moved on by every
write transaction, in any API process: app/db/database.py) and the count-store fingerprint of
people and person-to-person edges. It is recomputed when the version moved or when it is older
than TTL_S (strengths decay with time). Job records live in Neo4j (app/db/jobs.py), so any API
process answers GET /v1/analytics/jobs/{id}; the results stay with the process that computed
them (a partition's id is a digest of its segments, the same in every process). Small graphs are
computed inline; above INLINE_EDGES edges the work runs as a job (progress in
GET /v1/analytics/jobs/{id}) and the request answers 202, or the previous result marked stale;
betweenness, whose cost grows with people x edges, becomes a job above INLINE_PAIRS.
The CPU part runs in a worker thread, so the event loop keeps serving.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from app.analytics.graph import Projection
from app.analytics.repository import EDGE_PAGES, AnalyticsRepository, Row
from app.db.convert import now
from app.db.jobs import JobStore
from app.graph.strength import StrengthModel

log = logging.getLogger("relmap.analytics")

INLINE_EDGES = 20_000  # linear-time work (degree, PageRank, communities) inline up to this
INLINE_PAIRS = 50_000_000  # betweenness (O(people x edges)) inline up to this product
TTL_S = 600.0
KIND = "analytics"

Version = tuple[Any, ...]
Columns = dict[str, list[Any]]


@dataclass
class JobRecord:
    id: str
    kind: str
    status: str = "queued"
    phase: str = "queued"
    progress: float = 0.0
    created_at: datetime = field(default_factory=now)
    finished_at: datetime | None = None
    error: str | None = None
    task: "asyncio.Task[Any] | None" = None
    failure: BaseException | None = None


@dataclass
class Cached:
    version: Version
    at: float  # monotonic seconds
    value: Any


class Engine:
    def __init__(self, store: JobStore) -> None:
        self.store = store
        self.results: dict[tuple[str, str], Cached] = {}
        self.projection: Cached | None = None
        self.running: dict[tuple[str, str], JobRecord] = {}
        self._projection_lock = asyncio.Lock()

    async def version(self, repo: AnalyticsRepository) -> tuple[Version, Row]:
        """The graph version (moved on by every write, in any API process) and the counts."""
        counts = await repo.counts()
        return tuple(counts[k] for k in sorted(counts)), counts

    def fresh(self, cached: Cached | None, version: Version) -> bool:
        return (
            cached is not None
            and cached.version == version
            and time.monotonic() - cached.at < TTL_S
        )

    async def get(
        self,
        key: tuple[str, str],
        version: Version,
        inline: bool,
        compute: Callable[[JobRecord], Awaitable[Any]],
    ) -> tuple[Cached | None, JobRecord | None]:
        """(result, None) when fresh or computed inline; (stale result or None, job) otherwise."""
        cached = self.results.get(key)
        if self.fresh(cached, version):
            return cached, None
        job = self.running.get(key)
        if job is None:
            job = await self._start(key, version, compute)
        if not inline:
            return cached, job
        assert job.task is not None
        await asyncio.shield(job.task)
        if job.failure is not None:
            raise job.failure
        return self.results.get(key), None

    async def _start(
        self,
        key: tuple[str, str],
        version: Version,
        compute: Callable[[JobRecord], Awaitable[Any]],
    ) -> JobRecord:
        kind = ":".join(key)
        job = JobRecord(id="", kind=kind)

        def progress() -> dict[str, Any]:
            return {"phase": job.phase, "progress": round(job.progress, 4)}

        row = await self.store.create(KIND, progress, job_kind=kind, phase=job.phase, progress=0.0)
        job.id, job.created_at = row["id"], row["created_at"]

        async def run() -> None:
            job.status, job.phase = "running", "starting"
            with contextlib.suppress(Exception):
                await self.store.update(job.id, status="running", phase="starting")
            try:
                value = await compute(job)
                self.results[key] = Cached(version, time.monotonic(), value)
                job.status, job.phase, job.progress = "done", "done", 1.0
            except Exception as exc:
                log.exception("analytics job %s failed", job.kind)
                job.status, job.error, job.failure = "failed", f"{type(exc).__name__}: {exc}", exc
            finally:
                job.finished_at = now()
                self.running.pop(key, None)
            try:
                await self.store.update(
                    job.id,
                    status=job.status,
                    phase=job.phase,
                    progress=round(job.progress, 4),
                    error=job.error,
                    finished_at=job.finished_at,
                )
            except Exception:
                log.warning("could not record the end of analytics job %s", job.id, exc_info=True)

        self.running[key] = job
        job.task = asyncio.create_task(run())
        return job

    async def projection_for(
        self,
        version: Version,
        repo: AnalyticsRepository,
        model: StrengthModel,
        job: JobRecord,
        share: tuple[float, float] = (0.0, 0.7),
    ) -> Projection:
        async with self._projection_lock:
            if self.fresh(self.projection, version):
                assert self.projection is not None
                projection: Projection = self.projection.value
                return projection
            projection = await load_projection(repo, model, job, share)
            self.projection = Cached(version, time.monotonic(), projection)
            return projection


async def load_projection(
    repo: AnalyticsRepository,
    model: StrengthModel,
    job: JobRecord,
    share: tuple[float, float],
) -> Projection:
    counts = await repo.counts()
    total = max(
        1,
        int(counts["people"])
        + int(counts["companies"])
        + int(counts["knows"])
        + int(counts["reports_to"])
        + int(counts["influences"]),
    )
    done = 0
    lo, hi = share

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        job.progress = lo + (hi - lo) * min(1.0, done / total)

    ids: list[str] = []
    tags: list[list[str]] = []
    companies: list[list[str]] = []
    info: dict[str, tuple[str, str | None]] = {}

    def people(page: Columns) -> None:
        ids.extend(page["id"])
        tags.extend(page["tags"])
        companies.extend(page["companies"])
        advance(len(page["id"]))

    def firms(page: Columns) -> None:
        for cid, name, industry in zip(page["id"], page["name"], page["industry"], strict=True):
            info[cid] = (name, industry or None)
        advance(len(page["id"]))

    job.phase = "reading people"
    await repo.pages("project_people", people)
    await repo.pages("project_companies", firms)
    index = {pid: i for i, pid in enumerate(ids)}
    src: list[int] = []
    dst: list[int] = []
    strength: list[float] = []
    influence: list[bool] = []
    moment = time.time()

    for name, directed in EDGE_PAGES:

        def edges(page: Columns, directed: bool = directed) -> None:
            for a_id, b_id, base, mass, mass_at in zip(
                page["a"], page["b"], page["base"], page["mass"], page["mass_at"], strict=True
            ):
                a, b = index.get(a_id), index.get(b_id)
                if a is None or b is None:
                    continue  # a person created after the people were read
                src.append(a)
                dst.append(b)
                strength.append(model.evaluate(base, mass, mass_at, moment))
                influence.append(directed)
            advance(len(page["id"]))

        job.phase = f"reading {name.removeprefix('project_')} edges"
        await repo.pages(name, edges)
    return Projection(
        ids=ids,
        tags=tags,
        companies=companies,
        company_info=info,
        src=np.asarray(src, dtype=np.int64),
        dst=np.asarray(dst, dtype=np.int64),
        strength=np.asarray(strength, dtype=np.float64),
        influence=np.asarray(influence, dtype=bool),
        built_at=now(),
    )
