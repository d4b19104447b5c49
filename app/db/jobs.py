"""Job records in Neo4j: import and analytics jobs, read alike by every API process.

A job is owned by the process that runs it. While it is queued or running, that process beats
its heart every BEAT_S seconds and writes the job's latest progress with the beat (read from the
job's `progress` callable, so the work itself never waits on a write); a job whose
beat is older than STALE_S reads as `interrupted`: its process died (a crash, SIGKILL, a
restart) and nothing will finish it. What it wrote stays written, and its record says how far
it got as of its last beat.
"""

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from app.db.convert import native, now
from app.db.database import Database

log = logging.getLogger("relmap.jobs")

Row = dict[str, Any]
Source = Callable[[], Row]  # a live job's progress fields now
BEAT_S = 2.0
STALE_S = 10.0
KEEP_DAYS = 7
PRUNE_EVERY_S = 3600.0
LIVE = ("queued", "running")
# this process, as the owner of the jobs it runs
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobStore:
    def __init__(self, db: Database, beat_s: float = BEAT_S, stale_s: float = STALE_S) -> None:
        self.db = db
        self.beat_s = beat_s
        self.stale_s = stale_s
        self._live: dict[str, Source] = {}  # live job id -> its progress
        self._beat: asyncio.Task[None] | None = None
        self._pruned_at = -float("inf")
        self._writing = asyncio.Lock()  # a late beat never overwrites a job's final record

    async def create(self, kind: str, report: Source, **fields: Any) -> Row:
        """A new queued job of this process; `report` gives its progress at every beat."""
        await self._prune()
        row = await self.db.write_state(
            "create_job",
            id=str(uuid.uuid4()),
            kind=kind,
            owner=OWNER,
            at=now(),
            fields=_stored(fields),
        )
        assert row is not None
        job: Row = native(row["job"])
        self._live[job["id"]] = report
        self._start_beating()
        return job

    async def update(self, job_id: str, **fields: Any) -> None:
        """Write now, with the latest progress; a job leaving queued/running stops beating."""
        progress = self._live.get(job_id)
        if fields.get("status") not in (None, *LIVE):
            self._live.pop(job_id, None)
        written = {**(progress() if progress else {}), **fields}
        async with self._writing:
            await self.db.write_state("update_job", id=job_id, fields=_stored(written))

    async def get(self, job_id: str, kind: str) -> Row | None:
        row = await self.db.read_one("get_job", id=job_id, kind=kind)
        if row is None:
            return None
        job: Row = native(row["job"])
        if isinstance(job.get("summary"), str):
            job["summary"] = json.loads(job["summary"])
        beat: datetime | None = job.get("heartbeat_at")
        if (
            job.get("status") in LIVE
            and beat is not None
            and now() - beat > timedelta(seconds=self.stale_s)
        ):
            job["status"] = "interrupted"
        return job

    def _start_beating(self) -> None:
        if self._beat is None or self._beat.done():
            self._beat = asyncio.create_task(self._beating(), name="job-heartbeat")

    async def _beating(self) -> None:
        while self._live:
            await asyncio.sleep(self.beat_s)
            at = now()
            for job_id in list(self._live):
                try:
                    async with self._writing:
                        progress = self._live.get(job_id)
                        if progress is None:
                            continue  # it ended meanwhile
                        fields = {**progress(), "heartbeat_at": at}
                        await self.db.write_state("beat_job", id=job_id, fields=_stored(fields))
                except Exception:
                    log.warning("job heartbeat failed for %s", job_id, exc_info=True)

    async def _prune(self) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = time.monotonic()
        before = now() - timedelta(days=KEEP_DAYS)
        with contextlib.suppress(Exception):
            await self.db.write_state("prune_jobs", before=before, limit=10_000)

    async def close(self) -> None:
        if self._beat is not None and not self._beat.done():
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat


def _stored(fields: Row) -> Row:
    """Job fields as Neo4j properties: a summary (a map) travels as JSON text."""
    out = dict(fields)
    if isinstance(out.get("summary"), dict):
        out["summary"] = json.dumps(out["summary"], separators=(",", ":"), default=str)
    return out
