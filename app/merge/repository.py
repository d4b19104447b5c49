"""Merging in Neo4j: the statements one merge transaction runs, each given that transaction."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from app.common.kinds import Label
from app.companies.repository import to_company
from app.db.database import Database, Tx
from app.people.repository import to_person

Row = dict[str, Any]
T = TypeVar("T")

_LOCK = {Label.PERSON: "merge_lock_people", Label.COMPANY: "merge_lock_companies"}
_READ = {Label.PERSON: "merge_read_people", Label.COMPANY: "merge_read_companies"}


class MergeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def transaction(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """One write transaction for the whole merge (retried as a whole)."""
        return await self.db.in_write(work)

    async def resolve(self, ids: list[str], tx: Tx | None = None) -> dict[str, str]:
        """id -> label (Person, Company) for the ids that exist (inside tx when given)."""
        if tx is not None:
            rows = await tx.run("merge_resolve", ids=ids)
        else:
            rows = await self.db.read("merge_resolve", ids=ids)
        return {r["id"]: r["label"] for r in rows}

    async def lock(self, tx: Tx, label: Label, survivor_id: str, duplicate_id: str) -> Row | None:
        """Both nodes, write-locked, as they are once the lock is held (None: one is gone)."""
        await tx.run(_LOCK[label], survivor_id=survivor_id, duplicate_id=duplicate_id)
        return await tx.one(_READ[label], survivor_id=survivor_id, duplicate_id=duplicate_id)

    async def edges(self, tx: Tx, ref: str) -> list[Row]:
        return await tx.run("merge_node_edges", ref=ref)

    async def move_participation(self, tx: Tx, survivor_ref: str, duplicate_ref: str) -> int:
        row = await tx.one(
            "merge_move_participation", survivor_ref=survivor_ref, duplicate_ref=duplicate_ref
        )
        return int(row["moved"]) if row else 0

    async def move_concerns(self, tx: Tx, survivor_ref: str, duplicate_ref: str) -> int:
        row = await tx.one(
            "merge_move_concerns", survivor_ref=survivor_ref, duplicate_ref=duplicate_ref
        )
        return int(row["moved"]) if row else 0

    async def delete_edges(self, tx: Tx, refs: list[str]) -> None:
        if refs:
            await tx.run("merge_delete_edges", refs=refs)

    async def move_edges(self, tx: Tx, survivor_ref: str, moves: list[Row]) -> None:
        if moves:
            await tx.run("merge_move_edges", survivor_ref=survivor_ref, moves=moves)

    async def set_edges(self, tx: Tx, updates: list[Row]) -> None:
        if updates:
            await tx.run("merge_set_edges", updates=updates)

    async def touches(
        self, tx: Tx, person_id: str, other_ids: list[str], until: datetime
    ) -> list[Row]:
        """The interactions person_id shared with each other id (after the move)."""
        if not other_ids:
            return []
        return await tx.run("person_touches", person_id=person_id, other_ids=other_ids, until=until)

    async def finish(self, tx: Tx, survivor_ref: str, duplicate_ref: str, props: Row) -> Row:
        row = await tx.one(
            "merge_finish", survivor_ref=survivor_ref, duplicate_ref=duplicate_ref, props=props
        )
        assert row is not None, "the survivor vanished inside its own merge"
        return row["node"]  # type: ignore[no-any-return]

    @staticmethod
    def record_merge(tx: Tx, label: Label, node: Row, duplicate_id: str, report: Row) -> None:
        """The change feed's record of a merge (app/changes): the survivor after it, the id
        merged into it (gone since) and what moved."""
        noun = label.value.lower()
        entity = to_person(node) if label is Label.PERSON else to_company(node)
        tx.record(f"{noun}.merged", {noun: entity, "merged_ids": [duplicate_id], "merge": report})
