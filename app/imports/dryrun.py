"""A Database that runs every statement inside one transaction it is given (a dry run's).

An import's repositories call read, write, in_write and the like; here they all run in the
same managed transaction, which the dry run then rolls back, so nothing is kept.
"""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from app.db.database import Database, Row, Tx

T = TypeVar("T")


class TxDatabase(Database):
    def __init__(self, db: Database, tx: Tx) -> None:
        self.driver = db.driver
        self.database = db.database
        self.queries = db.queries
        self.timeout_s = db.timeout_s
        self._statements = db._statements
        self.tx = tx

    async def _transact(self, access: str, work: Callable[[Tx], Awaitable[T]], bump: bool) -> T:
        return await work(self.tx)

    async def _read(
        self, name: str, params: dict[str, Any], transform: Callable[[Any], Awaitable[list[Row]]]
    ) -> list[Row]:
        return await self.tx.run(name, **params)
