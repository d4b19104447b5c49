"""Import jobs: large imports run in a background asyncio task of this process.

Jobs live in memory (app.state): they do not survive a restart, and each API process knows
only its own (docs/import.md). The newest MAX_JOBS are kept; one job runs at a time.
"""

import asyncio
import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from neo4j.exceptions import Neo4jError

from app.db.convert import now
from app.imports.schemas import Entity, ImportJob, ImportSummary

log = logging.getLogger("relmap.imports")

MAX_JOBS = 200

Progress = Callable[[int, int], None]  # (rows done, row errors so far)
Payload = dict[Entity, list[Any]]


class Work(Protocol):
    """What a job runs: an import with a progress hook and a summary that grows as it goes."""

    progress: Progress | None
    summary: ImportSummary

    async def run(self, payload: Payload) -> ImportSummary: ...


class JobRegistry:
    def __init__(self, on_write: Callable[[], None] | None = None) -> None:
        # told after every batch a job writes and when it ends: the graph version (app/deps.py)
        # must move on while a job writes after its request has answered
        self._on_write = on_write or (lambda: None)
        self._jobs: OrderedDict[str, ImportJob] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        # One job writes at a time; the others wait as "queued", so a burst of large imports
        # cannot take every database connection and starve the interactive requests.
        self._turn = asyncio.Semaphore(1)

    def get(self, job_id: str) -> ImportJob | None:
        return self._jobs.get(job_id)

    def start(self, total: int, work: Work, payload: Payload) -> ImportJob:
        job = ImportJob(
            job_id=str(uuid.uuid4()), status="queued", total=total, done=0, created_at=now()
        )
        self._jobs[job.job_id] = job
        while len(self._jobs) > MAX_JOBS:
            self._jobs.popitem(last=False)

        def progress(done: int, errors: int) -> None:
            self._on_write()
            job.done = min(done, total)
            job.error_count = errors

        async def run() -> None:
            async with self._turn:
                await attempt()

        async def attempt() -> None:
            job.status = "running"
            job.started_at = now()
            work.progress = progress
            try:
                job.summary = await work.run(payload)
                job.done = total
                job.error_count = job.summary.error_count
                job.status = "done"
            except Neo4jError as exc:
                job.status = "failed"
                job.detail = f"the database refused a batch: {exc.message}; rows before it landed"
            except Exception as exc:
                log.exception("import job %s failed", job.job_id)
                job.status = "failed"
                job.detail = f"internal error ({type(exc).__name__}); rows before it landed"
            finally:
                self._on_write()
                job.finished_at = now()
                if job.status == "failed":
                    job.summary = work.summary  # what landed before the failure

        task = asyncio.create_task(run(), name=f"import-{job.job_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    async def drain(self) -> None:
        """Wait for the running jobs (tests; a graceful shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
