"""Watches in Neo4j: the only module of this domain that runs Cypher. Watches are the service's
own state: writing them moves no graph version and records no change (their openings do, from
the signal scan: app/changes/graph_signals.py)."""

from collections.abc import Callable
from typing import Any

from app.db.convert import native
from app.db.database import Database, Tx

Row = dict[str, Any]


class WatchRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, props: Row) -> Row:
        row = await self.db.write_state("create_watch", props=props)
        assert row is not None
        return native(row["watch"])  # type: ignore[no-any-return]

    async def get(self, watch_id: str) -> Row | None:
        row = await self.db.read_one("get_watch", id=watch_id)
        return native(row["watch"]) if row else None

    async def find(self, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read("list_watches", after=after, limit=limit)
        return [native(r["watch"]) for r in rows]

    async def delete(self, watch_id: str, check: Callable[[Row], None]) -> bool:
        async def work(tx: Tx) -> bool:
            found = await tx.one("lock_watch", id=watch_id)
            if found is None:
                return False
            check(native(found["watch"]))
            return await tx.one("delete_watch", id=watch_id) is not None

        return await self.db.in_write_state(work)
