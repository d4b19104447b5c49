"""One AsyncDriver per process, and the only way app code runs Cypher: by statement name."""

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
    unit_of_work,
)
from neo4j import Query as DriverQuery
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable
from pydantic_core import to_jsonable_python

from app.config import Settings
from app.db.coalesce import Coalescer
from app.db.convert import native
from app.db.queries import QueryRegistry, constraint_names

log = logging.getLogger("relmap.db")

T = TypeVar("T")
HANG_GRACE_S = 5.0
SCHEMA_ATTEMPTS = 8  # per schema statement (deadlocks between processes applying it at once)
IDLE_READ_SESSIONS = 128  # at most, kept between reads (one per concurrent read in use)
SCHEMA_BACKOFF_S = 0.05  # the first pause between them, doubled each time, jittered
# reads by id (Database.read_by_id): statements of one kind in flight at once, ids per statement
BY_ID_IN_FLIGHT = 1
BY_ID_MOST = 100
Row = dict[str, Any]
# What a single-statement write records in the change feed, given its rows: [(type, data)].
Changes = Callable[[list[Row]], Sequence[tuple[str, Mapping[str, Any]]]]


# Failures a new transaction can get past, which the driver does not count as retryable: a
# transaction stopped by a database that is shutting down or starting.
_RETRYABLE_CODES = ("LockClientStopped", "DatabaseUnavailable")


def _retryable(exc: Neo4jError | DriverError) -> bool:
    if exc.is_retryable():
        return True
    code = getattr(exc, "code", None) or ""
    return any(c in code for c in _RETRYABLE_CODES)


def _duplicates(exc: Neo4jError) -> bool:
    """A constraint not created because nodes in the graph already break it."""
    return (exc.code or "").endswith("ConstraintCreationFailed")


class SchemaConflict(Exception):
    """Constraints of relmap's schema that cannot be created: nodes in the graph already hold
    the same key (data written while they were missing, which nothing can merge by itself)."""

    def __init__(self, constraints: list[str]) -> None:
        super().__init__(f"duplicate keys in the graph stop constraint {', '.join(constraints)}")
        self.constraints = constraints


def _raced(exc: Neo4jError) -> bool:
    """IF NOT EXISTS checked before another process created the same rule (Neo4j then says
    EquivalentSchemaRuleAlreadyExists): run it again, and it finds the rule."""
    return (exc.code or "").endswith("AlreadyExists")


async def plain_rows(result: Any) -> list[Row]:
    """A result's records as dicts of the driver's values, without data()'s recursive walk."""
    return [dict(record.items()) async for record in result]


class Tx:
    """A managed transaction that runs registry statements by name, and records the changes it
    makes for the change feed (the outbox: they commit with it, or not at all)."""

    def __init__(self, tx: AsyncManagedTransaction, db: "Database") -> None:
        self._tx = tx
        self._db = db
        self.changes: list[Row] = []

    def record(self, change_type: str, data: Mapping[str, Any]) -> None:
        """Append a change (`person.updated`, {...}) to this transaction's part of the feed:
        written by its last statement (bump_graph_version), in the order recorded."""
        text = json.dumps(to_jsonable_python(native(dict(data))), separators=(",", ":"))
        self.changes.append({"id": str(uuid.uuid4()), "type": change_type, "data": text})

    async def run(self, name: str, **params: Any) -> list[Row]:
        result = await self._tx.run(self._db.statement(name).text, params)
        return await result.data()

    async def one(self, name: str, **params: Any) -> Row | None:
        rows = await self.run(name, **params)
        return rows[0] if rows else None

    async def run_plain(self, name: str, **params: Any) -> list[Row]:
        """Like run, without the driver's recursive data() walk (a call per value, in every
        list and map): for statements that return plain values, lists and maps only (no
        nodes, relationships or paths), such as an import batch's per-edge lists."""
        return await plain_rows(await self._tx.run(self._db.statement(name).text, params))

    async def one_plain(self, name: str, **params: Any) -> Row | None:
        rows = await self.run_plain(name, **params)
        return rows[0] if rows else None


class Database:
    def __init__(
        self, driver: AsyncDriver, database: str, queries: QueryRegistry, timeout_s: float
    ) -> None:
        self.driver = driver
        self.database = database
        self.queries = queries
        self.timeout_s = timeout_s
        self._statements = {
            q.name: DriverQuery(q.text, timeout=timeout_s) for q in queries.statements()
        }
        self._signal = asyncio.Event()
        self._idle_reads: list[AsyncSession] = []  # Database._read's, between statements
        self._by_id: dict[str, Coalescer[str, Row]] = {}  # Database.read_by_id's, by statement

    @classmethod
    def connect(cls, settings: Settings, queries: QueryRegistry) -> "Database":
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            max_connection_pool_size=settings.neo4j_max_pool_size,
            # With Neo4j down, a request must answer 503 within the query timeout: half of it
            # for retrying (Database._retrying), a quarter for the last try's connection.
            connection_acquisition_timeout=settings.query_timeout_s / 4,
            connection_timeout=settings.query_timeout_s / 4,
            max_transaction_retry_time=0.0,  # Database._retrying retries, within a budget
            # "index already exists" (information) and "property/label not seen yet"
            # (unrecognized: normal in a young graph) would flood the log
            notifications_min_severity="WARNING",
            notifications_disabled_classifications=["UNRECOGNIZED"],
        )
        return cls(driver, settings.neo4j_database, queries, settings.query_timeout_s)

    def statement(self, name: str) -> DriverQuery:
        try:
            return self._statements[name]
        except KeyError:
            raise KeyError(f"no Cypher statement named {name!r} in cypher/") from None

    async def _transact(self, access: str, work: Callable[[Tx], Awaitable[T]], bump: bool) -> T:
        """`work` in one managed transaction, retried as a whole on transient errors, under the
        query timeout. A graph write ends by moving the graph version on in the same
        transaction (cypher/state/bump_graph_version.cypher), so every cache keyed by it, in
        any API process, sees the write as soon as it commits. That last statement also writes
        the changes the transaction recorded (Tx.record) with seq = the new version: it holds
        the version node's lock until the commit, so write transactions commit in version
        order and the change feed (docs/changes.md) is in commit order."""
        recorded = False

        @unit_of_work(timeout=self.timeout_s)
        async def unit(tx: AsyncManagedTransaction) -> T:
            nonlocal recorded
            handle = Tx(tx, self)
            result = await work(handle)
            if access == WRITE_ACCESS and (bump or handle.changes):
                bumped = await tx.run(
                    self.statement("bump_graph_version").text, changes=handle.changes
                )
                await bumped.consume()
            recorded = bool(handle.changes)
            return result

        async def attempt() -> T:
            async with self.driver.session(
                database=self.database,
                default_access_mode=access,
                bookmark_manager=self.driver.execute_query_bookmark_manager,
            ) as session:
                if access == READ_ACCESS:
                    return await session.execute_read(unit)
                return await session.execute_write(unit)

        result = await self._retrying(attempt)
        if recorded:
            self._changes_committed()
        return result

    def _changes_committed(self) -> None:
        """Wake whoever waits for new changes in this process (the webhook streams)."""
        signal, self._signal = self._signal, asyncio.Event()
        signal.set()

    def change_signal(self) -> asyncio.Event:
        """An event set once a transaction of this process commits changes: take it before
        reading the feed, then wait on it (other processes' changes are found by polling)."""
        return self._signal

    async def _write(
        self,
        name: str,
        params: dict[str, Any],
        bump: bool = True,
        changes: Changes | None = None,
    ) -> list[Row]:
        """One statement in a managed write transaction (retried on transient errors); with
        `changes`, the changes its rows make (type, data) are recorded with it."""

        async def work(tx: Tx) -> list[Row]:
            rows = await tx.run(name, **params)
            for change_type, data in changes(rows) if changes is not None else ():
                tx.record(change_type, data)
            return rows

        return await self._transact(WRITE_ACCESS, work, bump)

    async def _read(
        self, name: str, params: dict[str, Any], transform: Callable[[Any], Awaitable[list[Row]]]
    ) -> list[Row]:
        """One statement in an auto-commit read transaction: one round trip (RUN and PULL
        pipelined) where a managed transaction needs two (BEGIN, RUN, PULL, then COMMIT), which
        halves a simple read's latency (bench/notes.md). A read changes nothing, so a transient
        failure is retried here, as execute_query would, a bounded number of times."""

        async def attempt() -> list[Row]:
            session = self._idle_reads.pop() if self._idle_reads else self._read_session()
            try:
                rows = await transform(await session.run(self.statement(name), params))
            except asyncio.CancelledError:  # its connection killed, as `async with` would
                session.cancel()
                raise
            except BaseException:  # closed, not reused
                await session.close()
                raise
            if len(self._idle_reads) < IDLE_READ_SESSIONS:
                self._idle_reads.append(session)
            else:
                await session.close()
            return rows

        return await self._retrying(attempt)

    def _read_session(self) -> AsyncSession:
        """A session for auto-commit reads, kept for the next one once its result is read:
        an idle session holds no connection (the driver gives it back to the pool when a result
        is consumed or fails, and kills it when a read is cancelled), and its bookmarks come
        from the driver's shared manager, as a new session's would. Making a session (its
        configuration read from the driver's) and closing it per read was a tenth of a simple
        read's CPU (GET /v1/people/{id} in-process, with plain rows: 0.703 -> 0.648 ms,
        bench/notes.md)."""
        return self.driver.session(
            database=self.database,
            default_access_mode=READ_ACCESS,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """`attempt` again after a retryable failure (a lost connection, a deadlock, a database
        restarting), with jittered backoff, while the next try starts within half the query
        timeout. With Neo4j down (connections refused or reset), a request so answers 503
        within the query timeout: the last try adds at most a connection's quarter of it (the
        driver's own retry loop overshoots its limit by its last delay). A server that hangs
        (stopped, or starting) is given up on HANG_GRACE_S after the timeout: a statement that
        runs long on a healthy server is stopped by the server's own timeout first (a 504)."""
        started = time.monotonic()
        delay = 0.05
        try:
            async with asyncio.timeout(self.timeout_s + HANG_GRACE_S):
                while True:
                    try:
                        return await attempt()
                    except (Neo4jError, DriverError) as exc:
                        late = time.monotonic() + delay > started + self.timeout_s / 2
                        if late or not _retryable(exc):
                            raise
                    await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                    delay = min(2 * delay, 1.0)
        except TimeoutError:
            raise ServiceUnavailable(
                f"Neo4j did not answer within {self.timeout_s + HANG_GRACE_S:g} s"
            ) from None

    async def read(self, name: str, **params: Any) -> list[Row]:
        async def transform(result: Any) -> list[Row]:
            return await result.data()  # type: ignore[no-any-return]

        return await self._read(name, params, transform)

    async def read_plain(self, name: str, **params: Any) -> list[Row]:
        """Like read, without the driver's recursive data() walk: for statements that return
        big lists of plain maps and scalars (no nodes, relationships or paths)."""

        return await self._read(name, params, plain_rows)

    async def read_one(self, name: str, **params: Any) -> Row | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def read_one_plain(self, name: str, **params: Any) -> Row | None:
        rows = await self.read_plain(name, **params)
        return rows[0] if rows else None

    async def read_by_id(self, name: str, node_id: str) -> Row | None:
        """The map statement `name` finds for one id, or None. `name` takes `ids` and returns
        one record whose `found` lists a map, with its `id`, for each id it knows. Reads of the
        same statement that arrive while others are in flight are sent together as one
        (app/db/coalesce.py)."""
        coalescer = self._by_id.get(name)
        if coalescer is None:

            async def fetch(ids: list[str]) -> dict[str, Row]:
                row = await self.read_one_plain(name, ids=ids)
                return {found["id"]: found for found in row["found"]} if row else {}

            coalescer = self._by_id[name] = Coalescer(fetch, BY_ID_IN_FLIGHT, BY_ID_MOST)
        return await coalescer.get(node_id)

    async def write(
        self,
        name: str,
        changes: Changes | None = None,
        **params: Any,
    ) -> list[Row]:
        """One graph write; `changes(rows)` -> the changes to record with it (the outbox)."""
        return await self._write(name, params, changes=changes)

    async def write_one(
        self,
        name: str,
        changes: Changes | None = None,
        **params: Any,
    ) -> Row | None:
        rows = await self.write(name, changes, **params)
        return rows[0] if rows else None

    async def write_state(self, name: str, **params: Any) -> Row | None:
        """A write of the service's own state (jobs, idempotency keys): the graph version
        stays, so no cache is dropped for it."""
        rows = await self._write(name, params, bump=False)
        return rows[0] if rows else None

    async def in_write(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run several statements in one managed write transaction (retried as a whole)."""
        return await self._transact(WRITE_ACCESS, work, bump=True)

    async def in_write_state(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Several statements writing the service's own state in one write transaction: the
        graph version moves on only when `work` records changes (Tx.record)."""
        return await self._transact(WRITE_ACCESS, work, bump=False)

    async def in_read(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        return await self._transact(READ_ACCESS, work, bump=False)

    async def graph_version(self) -> int:
        """The graph version now: caches keyed by it are exact across API processes."""
        row = await self.read_one("get_graph_version")
        return int(row["version"]) if row else 0

    async def apply_schema(self) -> None:
        """Constraints and indexes, idempotent (IF NOT EXISTS); waits until they are online.
        Each statement is retried while Neo4j answers with a transient error, or says that the
        rule it was to create only if missing exists: processes that create the same
        constraints at once deadlock on the schema's locks, or race past IF NOT EXISTS.
        A constraint that fails on duplicates of its key is retried after its twins statement
        (cypher/twins/) removed them, when it has one: relmap's own keyed nodes (the scans'
        markers, the graph version), which processes still writing while a database was
        replaced under them can have made twice. Otherwise SchemaConflict names it.
        app/db/schema_gate.py keeps anything from writing before this has succeeded."""
        async with self.driver.session(database=self.database) as session:
            for query in (*self.queries.schema, self.queries["await_indexes"]):
                pause = SCHEMA_BACKOFF_S
                for attempt in range(1, SCHEMA_ATTEMPTS + 1):
                    try:
                        await (await session.run(query.text)).consume()
                        break
                    except Neo4jError as exc:
                        names = constraint_names(query) if _duplicates(exc) else []
                        twins = [self.queries.twins[n] for n in names if n in self.queries.twins]
                        again = exc.is_retryable() or _raced(exc) or bool(twins)
                        if not again or attempt == SCHEMA_ATTEMPTS:
                            if names:
                                raise SchemaConflict(names) from exc
                            raise
                        log.info("schema statement %s retried after %s", query.name, exc.code)
                        for statement in twins:
                            await self._remove_twins(session, statement.name)
                    await asyncio.sleep(pause * random.uniform(0.5, 1.5))
                    pause *= 2

    async def _remove_twins(self, session: AsyncSession, name: str) -> None:
        try:
            result = await session.run(self.queries[name].text)
            row = await result.single()
        except Neo4jError as exc:
            if not _retryable(exc):
                raise
            log.info("%s retried after %s", name, exc.code)  # with the constraint, next try
            return
        log.warning(
            "%s: %d duplicate keyed nodes removed (written while the constraint was missing)",
            name,
            row["removed"] if row else 0,
        )

    async def wipe(self, batch: int = 20_000) -> None:
        """Delete everything, in transactions small enough for any heap (tests, benchmarks)."""
        while True:
            row = await self.write_one("delete_all", batch=batch)
            if not row or row["deleted"] == 0:
                return

    async def ping(self) -> None:
        await self.driver.verify_connectivity()

    async def close(self) -> None:
        idle, self._idle_reads = self._idle_reads, []
        for session in idle:
            await session.close()
        await self.driver.close()
