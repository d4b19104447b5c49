"""Import jobs: large imports run in a background task of the API process that took them.

Their records live in Neo4j (app/db/jobs.py), so any API process answers
GET /v1/import/jobs/{id}; a job whose process died reads as `interrupted`, and sending the same
import again completes it (an import is an upsert). Each process runs one job at a time and
holds at most MAX_QUEUED more, whose payloads wait in its memory: past that, 429.
"""

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from neo4j.exceptions import Neo4jError

from app.db.convert import now
from app.db.jobs import JobStore
from app.errors import TooManyRequests
from app.imports.schemas import Entity, ImportJob, ImportSummary

log = logging.getLogger("relmap.imports")

KIND = "import"
MAX_QUEUED = 4
RETRY_AFTER_S = 5

Progress = Callable[[int, int], None]  # (rows done, row errors so far)
Payload = dict[Entity, list[Any]]


class Work(Protocol):
    """What a job runs: an import with a progress hook and a summary that grows as it goes."""

    progress: Progress | None
    summary: ImportSummary

    async def run(self, payload: Payload) -> ImportSummary: ...


def job_view(row: dict[str, Any]) -> ImportJob:
    return ImportJob(
        job_id=row["id"],
        status=row["status"],
        total=row.get("total", 0),
        done=row.get("done", 0),
        error_count=row.get("error_count", 0),
        created_at=row["created_at"],
        started_at=row.get("started_at"),
        finished_at=row.get("finished_at"),
        summary=row.get("summary"),
        detail=row.get("detail"),
    )


class JobRegistry:
    def __init__(self, store: JobStore, max_queued: int | None = None) -> None:
        self.store = store
        self.max_queued = MAX_QUEUED if max_queued is None else max_queued
        self._tasks: set[asyncio.Task[None]] = set()
        self._held = 0  # jobs accepted and not ended: one running, the rest queued
        # One job writes at a time; the others wait as "queued", so a burst of large imports
        # cannot take every database connection and starve the interactive requests.
        self._turn = asyncio.Semaphore(1)

    async def get(self, job_id: str) -> ImportJob | None:
        row = await self.store.get(job_id, KIND)
        return None if row is None else job_view(row)

    async def start(self, total: int, work: Work, payload: Payload) -> ImportJob:
        if self._held > self.max_queued:  # taken before any await: no two requests race past
            raise TooManyRequests(
                f"{self._held} import jobs are running or queued in this process; "
                f"retry in {RETRY_AFTER_S} s",
                RETRY_AFTER_S,
            )
        self._held += 1
        try:
            return await self._start(total, work, payload)
        except BaseException:
            self._held -= 1
            raise

    async def _start(self, total: int, work: Work, payload: Payload) -> ImportJob:
        seen = {"done": 0, "error_count": 0}

        def progress(done: int, errors: int) -> None:
            seen.update(done=min(done, total), error_count=errors)

        def report() -> dict[str, Any]:  # read at each heartbeat: what has landed so far
            return {**seen, "summary": work.summary.model_dump(mode="json")}

        row = await self.store.create(KIND, report, total=total, done=0, error_count=0)
        job = job_view(row)
        store, job_id = self.store, job.job_id

        async def run() -> None:
            try:
                async with self._turn:
                    await attempt()
            finally:
                self._held -= 1

        async def attempt() -> None:
            await store.update(job_id, status="running", started_at=now())
            work.progress = progress
            final: dict[str, Any]
            try:
                summary = await work.run(payload)
                final = {"status": "done", "done": total, "error_count": summary.error_count}
            except Neo4jError as exc:
                summary = work.summary  # what landed before the failure
                final = {
                    "status": "failed",
                    "detail": f"the database refused a batch ({exc.code}); rows before it landed",
                }
            except Exception as exc:
                log.exception("import job %s failed", job_id)
                summary = work.summary
                final = {
                    "status": "failed",
                    "detail": f"internal error ({type(exc).__name__}); rows before it landed",
                }
            final.update(summary=summary.model_dump(mode="json"), finished_at=now())
            await store.update(job_id, **final)

        task = asyncio.create_task(run(), name=f"import-{job_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    async def drain(self) -> None:
        """Wait for the running jobs (tests; a graceful shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
