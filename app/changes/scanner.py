"""The decay scanner: relationship.warmed / relationship.cooled found without any write.

Strengths fall with time (app/graph/strength.py), so an edge crosses RELMAP_COLD_AT while
nothing is written. Every API process runs a SignalScanner (started in the lifespan,
app/main.py); a scan is leased in Neo4j like a webhook stream (a `:SignalScan {key: 'decay'}`
node: take_signal_scan, on Neo4j's clock, under the node's write lock), and taken only when
due (`next_at`, RELMAP_SIGNAL_SCAN_S after the last scan started), so one process runs each
scan. It reads the decaying KNOWS edges page by page in id order and checks each page in one
write transaction (signals.check_edges, cause "decay"): the band compare-and-set records a
crossing once, even against a write or a second scanner that sees it at the same moment.
"""

import asyncio
import contextlib
import logging
import os
import random
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.changes import signals
from app.common.tasks import uncut
from app.config import Settings
from app.db.convert import now
from app.db.database import Database, Row, Tx
from app.db.schema_gate import SchemaGate

log = logging.getLogger("relmap.signals")
KEY = "decay"
PAGE = 500  # edges checked per transaction (2,000 ran past the 10 s query timeout at S under load)
LEASE_S = 120.0  # renewed every page; a dead scanner's scan is taken over after this
CHECK_EVERY_S = 30.0  # how often a process asks whether a scan is due (at most)


@dataclass(slots=True)
class ScanReport:
    edges: int
    crossings: int


class SignalScanner:
    def __init__(self, db: Database, settings: Settings, schema: SchemaGate | None = None) -> None:
        self.db = db
        self.settings = settings
        self.schema = schema  # confirmed before each check in the background (SchemaGate.confirm)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="signal-scanner")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def moment(self) -> datetime:
        """When strengths are evaluated: now, moved by RELMAP_SIGNAL_CLOCK_OFFSET_S (tests)."""
        return now() + timedelta(seconds=self.settings.relmap_signal_clock_offset_s)

    async def _loop(self) -> None:
        every = self.settings.relmap_signal_scan_s
        while True:
            try:
                if self.schema is not None:
                    await uncut(self.schema.confirm())
                await uncut(self.run_if_due())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Neo4j away: the next check tries again
                log.warning("signal scan: %s", exc)
            await asyncio.sleep(min(every, CHECK_EVERY_S) * random.uniform(0.8, 1.2))

    async def run_if_due(self, at: datetime | None = None) -> ScanReport | None:
        """Run a scan if one is due and no other process runs it (None: not ours to run)."""
        taken = await self.db.write_state(
            "take_signal_scan", key=KEY, owner=self.owner, lease_ms=int(LEASE_S * 1000)
        )
        if taken is None:
            return None
        report = ScanReport(0, 0)
        try:
            report = await self.scan(at or self.moment(), leased=True)
        finally:
            await self.db.write_state(
                "finish_signal_scan",
                key=KEY,
                owner=self.owner,
                every_ms=int(self.settings.relmap_signal_scan_s * 1000),
                edges=report.edges,
                crossings=report.crossings,
            )
        log.info("signal scan: %d edges, %d crossings", report.edges, report.crossings)
        return report

    async def scan(self, at: datetime, leased: bool = False) -> ScanReport:
        """Check every decaying edge's band at `at`; record the crossings (cause "decay")."""
        after, report = "", ScanReport(0, 0)
        while True:
            if leased and not await self._renew():
                log.warning("signal scan: lease lost, stopping")
                return report

            async def page(tx: Tx, after: str = after) -> tuple[int, str | None, int]:
                # rows as read (datetimes as text): check_edges reads the few that moved whole
                read = await tx.one_plain("scan_decaying_edges", after=after, limit=PAGE)
                rows: list[Row] = read["rels"] if read else []
                found = await signals.check_edges(tx, rows, "decay", fresh=False, at=at)
                return len(rows), (rows[-1]["id"] if rows else None), found

            count, last, found = await self.db.in_write_state(page)
            report.edges += count
            report.crossings += found
            if last is None or count < PAGE:
                return report
            after = last

    async def _renew(self) -> bool:
        row = await self.db.write_state(
            "renew_signal_scan", key=KEY, owner=self.owner, lease_ms=int(LEASE_S * 1000)
        )
        return row is not None
