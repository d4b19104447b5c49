"""Webhooks, their delivery streams' leases and delivery logs in Neo4j: the only module of this
domain that runs Cypher. Webhooks are the service's own state: writing them moves no graph
version and records no change."""

from collections.abc import Callable
from typing import Any

from app.changes.repository import END, Position
from app.db.convert import native
from app.db.database import Database, Tx

Row = dict[str, Any]


class WebhookRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, props: Row) -> Row:
        row = await self.db.write_state("create_webhook", props=props, end=END)
        assert row is not None
        return native(row["webhook"])  # type: ignore[no-any-return]

    async def get(self, webhook_id: str) -> Row | None:
        row = await self.db.read_one("get_webhook", id=webhook_id)
        return native(row["webhook"]) if row else None

    async def find(self, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read("list_webhooks", after=after, limit=limit)
        return [native(r["webhook"]) for r in rows]

    async def change(self, webhook_id: str, edit: Callable[[Row], Row]) -> Row | None:
        """Write edit(stored) (the properties to set) on the write-locked webhook."""

        async def work(tx: Tx) -> Row | None:
            found = await self._locked(tx, webhook_id)
            if found is None:
                return None
            props = edit(found)
            row = await tx.one("update_webhook", id=webhook_id, props=props)
            return native(row["webhook"]) if row else None

        return await self.db.in_write_state(work)

    async def delete(self, webhook_id: str, check: Callable[[Row], None]) -> bool:
        async def work(tx: Tx) -> bool:
            found = await self._locked(tx, webhook_id)
            if found is None:
                return False
            check(found)
            return await tx.one("delete_webhook", id=webhook_id) is not None

        if not await self.db.in_write_state(work):
            return False
        while True:  # its log, in bounded transactions
            row = await self.db.write_state(
                "delete_webhook_deliveries", webhook_id=webhook_id, limit=10_000
            )
            if not row or not row["deleted"]:
                return True

    @staticmethod
    async def _locked(tx: Tx, webhook_id: str) -> Row | None:
        if await tx.one("lock_webhook", id=webhook_id) is None:
            return None
        row = await tx.one("get_webhook", id=webhook_id)
        return native(row["webhook"]) if row else None

    async def deliveries(self, webhook_id: str, before: Position | None, limit: int) -> list[Row]:
        rows = await self.db.read(
            "list_webhook_deliveries",
            webhook_id=webhook_id,
            seq=before.seq if before else None,
            idx=before.idx if before else None,
            limit=limit,
        )
        return [native(r["delivery"]) for r in rows]

    # -- delivery streams (app/webhooks/delivery.py) ------------------------------------------

    async def streams(self) -> list[Row]:
        return await self.db.read("webhook_streams")

    async def take_lease(self, webhook_id: str, owner: str, lease_s: float) -> Row | None:
        row = await self.db.write_state(
            "take_webhook_lease", id=webhook_id, owner=owner, lease_ms=int(lease_s * 1000)
        )
        return native(row["webhook"]) if row else None

    async def release_lease(self, webhook_id: str, owner: str) -> None:
        await self.db.write_state("release_webhook_lease", id=webhook_id, owner=owner)

    async def delivery(self, key: str) -> Row | None:
        row = await self.db.read_one("get_webhook_delivery", key=key)
        return native(row["delivery"]) if row else None

    async def record(
        self, webhook_id: str, owner: str, position: Position, deliveries: list[Row]
    ) -> bool:
        """The stream's new position and attempts, written only while owner holds the lease
        (False: it does not any more)."""
        row = await self.db.write_state(
            "record_webhook_deliveries",
            id=webhook_id,
            owner=owner,
            seq=position.seq,
            idx=position.idx,
            deliveries=deliveries,
        )
        return row is not None

    async def prune(self, before: Any, limit: int = 10_000) -> int:
        row = await self.db.write_state("prune_webhook_deliveries", before=before, limit=limit)
        return int(row["deleted"]) if row else 0
