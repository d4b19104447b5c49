"""One AsyncDriver per process, and the only way app code runs Cypher: by statement name."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    RoutingControl,
)
from neo4j import Query as DriverQuery
from neo4j.exceptions import DriverError, Neo4jError

from app.config import Settings
from app.db.queries import QueryRegistry

log = logging.getLogger("relmap.db")

T = TypeVar("T")
Row = dict[str, Any]
READ_ATTEMPTS = 3


class Tx:
    """A managed transaction that runs registry statements by name."""

    def __init__(self, tx: AsyncManagedTransaction, db: "Database") -> None:
        self._tx = tx
        self._db = db

    async def run(self, name: str, **params: Any) -> list[Row]:
        result = await self._tx.run(self._db.statement(name).text, params)
        return await result.data()

    async def one(self, name: str, **params: Any) -> Row | None:
        rows = await self.run(name, **params)
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

    @classmethod
    def connect(cls, settings: Settings, queries: QueryRegistry) -> "Database":
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            max_connection_pool_size=settings.neo4j_max_pool_size,
            connection_acquisition_timeout=10.0,
            connection_timeout=5.0,
            max_transaction_retry_time=10.0,
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

    async def _write(self, name: str, params: dict[str, Any]) -> list[Row]:
        """One statement in a managed write transaction: retried on transient errors."""

        async def transform(result: Any) -> list[Row]:
            return await result.data()  # type: ignore[no-any-return]

        rows: list[Row] = await self.driver.execute_query(
            self.statement(name),
            params,
            routing_=RoutingControl.WRITE,
            database_=self.database,
            result_transformer_=transform,
        )
        return rows

    async def _read(
        self, name: str, params: dict[str, Any], transform: Callable[[Any], Awaitable[list[Row]]]
    ) -> list[Row]:
        """One statement in an auto-commit read transaction: one round trip (RUN and PULL
        pipelined) where a managed transaction needs two (BEGIN, RUN, PULL, then COMMIT), which
        halves a simple read's latency (bench/notes.md). A read changes nothing, so a transient
        failure is retried here, as execute_query would, a bounded number of times."""
        for attempt in range(READ_ATTEMPTS):
            try:
                async with self.driver.session(
                    database=self.database,
                    default_access_mode=READ_ACCESS,
                    bookmark_manager=self.driver.execute_query_bookmark_manager,
                ) as session:
                    return await transform(await session.run(self.statement(name), params))
            except (Neo4jError, DriverError) as exc:
                if attempt + 1 == READ_ATTEMPTS or not exc.is_retryable():
                    raise
                await asyncio.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    async def read(self, name: str, **params: Any) -> list[Row]:
        async def transform(result: Any) -> list[Row]:
            return await result.data()  # type: ignore[no-any-return]

        return await self._read(name, params, transform)

    async def read_plain(self, name: str, **params: Any) -> list[Row]:
        """Like read, without the driver's recursive data() walk: for statements that return
        big lists of plain maps and scalars (no nodes, relationships or paths)."""

        async def transform(result: Any) -> list[Row]:
            return [dict(record.items()) async for record in result]

        return await self._read(name, params, transform)

    async def read_one(self, name: str, **params: Any) -> Row | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._write(name, params)

    async def write_one(self, name: str, **params: Any) -> Row | None:
        rows = await self.write(name, **params)
        return rows[0] if rows else None

    async def in_write(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run several statements in one managed write transaction (retried as a whole)."""
        async with self.driver.session(database=self.database) as session:

            async def unit(tx: AsyncManagedTransaction) -> T:
                return await work(Tx(tx, self))

            return await session.execute_write(unit)

    async def in_read(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:

            async def unit(tx: AsyncManagedTransaction) -> T:
                return await work(Tx(tx, self))

            return await session.execute_read(unit)

    async def apply_schema(self) -> None:
        """Constraints and indexes, idempotent (IF NOT EXISTS); waits until they are online."""
        async with self.driver.session(database=self.database) as session:
            for query in self.queries.schema:
                await (await session.run(query.text)).consume()
            await (await session.run(self.queries["await_indexes"].text)).consume()

    async def wipe(self, batch: int = 20_000) -> None:
        """Delete everything, in transactions small enough for any heap (tests, benchmarks)."""
        while True:
            row = await self.write_one("delete_all", batch=batch)
            if not row or row["deleted"] == 0:
                return

    async def ping(self) -> None:
        await self.driver.verify_connectivity()

    async def close(self) -> None:
        await self.driver.close()
