"""The schema gate: nothing writes to Neo4j before this process has seen the schema in place.

Constraints are what keep a MERGE on a key from making two nodes when two transactions run it
at once (the decay scanner's `:SignalScan` marker, the graph version, imported keys). A process
that wrote before its constraints existed could make duplicates, and a duplicate makes its
constraint impossible to create (Database.apply_schema removes the twins of relmap's own keyed
nodes, cypher/twins/, and names the constraint when it is people's data). So:

- start-up applies the schema (bounded; Database.apply_schema retries the deadlocks of several
  processes creating the same constraints at once);
- if that still fails (Neo4j away or slow), a background task keeps trying until it succeeds
  (`keep_trying`), and the background workers (webhook delivery, signal scanners) start only
  then;
- a request that needs the database waits for the gate (bounded) and is a 503 meanwhile
  (app/deps.py, and the Idempotency-Key middleware, which writes before any route), like
  /ready.
"""

import asyncio
import logging
import random

from app.db.database import Database

log = logging.getLogger("relmap.schema")
WAIT_S = 10.0  # how long a request waits for the schema before it is a 503
RETRY_EVERY_S = (1.0, 30.0)  # the background task's pause: first, and at most


class SchemaGate:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._ready = asyncio.Event()
        self._lock = asyncio.Lock()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def lost(self) -> None:
        """The schema is gone (someone dropped it): apply it again before the next request."""
        self._ready.clear()

    async def open(self) -> None:
        """Apply the schema unless this process already has; one attempt at a time."""
        if self._ready.is_set():
            return
        async with self._lock:
            if not self._ready.is_set():
                await self.db.apply_schema()
                self._ready.set()

    async def missing(self) -> set[str]:
        """The constraints of relmap's schema that Neo4j does not have (by name). Every one is
        checked, not merely that some exist: a process re-applying the schema creates them one
        by one, and another that saw the first few would write its keyed nodes before the rest
        (the twin markers that made signal_scan_key impossible to create). Neo4j lists a
        constraint only once it is committed, so none missing means all of them hold."""
        row = await self.db.read_one("ping")
        present = set(row["constraints"]) if row else set()
        return set(self.db.queries.constraints) - present

    async def confirm(self) -> None:
        """Check that the schema is still in Neo4j, and apply it again if any of it is gone:
        what a background scan asks before it writes. A database wiped or replaced under a
        running process (a restore, `make load` with the API still up) has no constraints, and
        the scans (every few seconds, with no request to notice it) would otherwise MERGE their
        keyed nodes there without them: two processes at once make two, and then the
        constraint can never be created again (bench/notes.md). One SHOW CONSTRAINTS per scan
        check."""
        gone = await self.missing()
        if gone:
            log.warning(
                "%d of the schema's constraints are gone from Neo4j (a new database?): "
                "applying it again",
                len(gone),
            )
            self.lost()
            await self.open()

    async def admits(self, within_s: float = WAIT_S) -> bool:
        """Whether the schema is in place, applying it if need be (for at most within_s): what a
        request asks before it touches the graph."""
        if self._ready.is_set():
            return True
        try:
            await asyncio.wait_for(self.open(), timeout=within_s)
        except Exception as exc:  # noqa: BLE001 - the caller answers 503 either way
            log.warning("a request found the schema not in place (%s)", exc)
            return False
        return True

    async def keep_trying(self) -> None:
        """Open the gate, however long Neo4j takes to allow it."""
        pause = RETRY_EVERY_S[0]
        while not self._ready.is_set():
            try:
                await self.open()
                log.info("schema applied")
            except Exception as exc:  # noqa: BLE001 - whatever it was, try again later
                log.warning("schema not applied yet (%s); next try in %.0fs", exc, pause)
                await asyncio.sleep(pause * random.uniform(0.8, 1.2))
                pause = min(pause * 2, RETRY_EVERY_S[1])
