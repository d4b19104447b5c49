"""The analytics cache and its jobs: one per app, kept in app.state.

A result (a metric's scores, a partition) is valid for one graph version:
(writes served by this process, the count-store fingerprint of people and person-to-person
edges). It is recomputed when the version moved or when it is older than TTL_S (strengths
decay with time; writes by other processes that keep the counts equal). Small graphs are
computed inline; above INLINE_EDGES edges the work runs as a job (progress in
GET /v1/analytics/jobs/{id}) and the request answers 202, or the previous result marked stale;
betweenness, whose cost grows with people x edges, becomes a job above INLINE_PAIRS.
The CPU part runs in a worker thread, so the event loop keeps serving.
"""

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from app.analytics.graph import Projection
from app.analytics.repository import EDGE_PAGES, AnalyticsRepository, Row
from app.db.convert import now
from app.deps import graph_version, shared
from app.relationships.strength import StrengthModel

log = logging.getLogger("relmap.analytics")

INLINE_EDGES = 20_000  # linear-time work (degree, PageRank, communities) inline up to this
INLINE_PAIRS = 50_000_000  # betweenness (O(people x edges)) inline up to this product
TTL_S = 600.0
KEEP_JOBS = 100

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
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


class Engine:
    def __init__(self) -> None:
        self.results: dict[tuple[str, str], Cached] = {}
        self.projection: Cached | None = None
        self.jobs: dict[str, JobRecord] = {}
        self.running: dict[tuple[str, str], JobRecord] = {}
        self._projection_lock = asyncio.Lock()

    @staticmethod
    def of(app_state: Any) -> "Engine":
        return shared(app_state, "analytics_engine", Engine)

    async def version(self, app: Any, repo: AnalyticsRepository) -> tuple[Version, Row]:
        counts = await repo.counts()
        fingerprint = tuple(counts[k] for k in sorted(counts))
        return (graph_version(app), *fingerprint), counts

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
            job = self._start(key, version, compute)
        if not inline:
            return cached, job
        assert job.task is not None
        await asyncio.shield(job.task)
        if job.failure is not None:
            raise job.failure
        return self.results.get(key), None

    def _start(
        self,
        key: tuple[str, str],
        version: Version,
        compute: Callable[[JobRecord], Awaitable[Any]],
    ) -> JobRecord:
        job = JobRecord(id=str(uuid.uuid4()), kind=":".join(key))

        async def run() -> None:
            job.status, job.phase = "running", "starting"
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

        self.running[key] = job
        self.jobs[job.id] = job
        while len(self.jobs) > KEEP_JOBS:
            oldest = next(iter(self.jobs))
            if self.jobs[oldest].status in ("done", "failed"):
                self.jobs.pop(oldest)
            else:
                break
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
                strength.append(model.evaluate(base, mass, mass_at, moment) if mass else base)
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
