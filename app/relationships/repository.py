"""Relationships in Neo4j: the only module of this domain that runs Cypher."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.changes import payloads, signals
from app.db.convert import native, now, record_fields
from app.db.database import Database, Tx

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Created:
    """What create_once did: made `row`, or found `existing_id`, or found an endpoint gone."""

    row: Row | None = None
    existing_id: str | None = None
    missing: str | None = None


class RelationshipRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def resolve(self, ids: list[str]) -> dict[str, str]:
        """id -> label (Person, Company, Event) for the ids that exist."""
        rows = await self.db.read("resolve_nodes", ids=ids)
        return {r["id"]: r["label"] for r in rows}

    async def create_once(
        self, source_id: str, target_id: str, rel_type: str, symmetric: bool, props: Row
    ) -> Created:
        """The edge, unless one of this type already joins the pair (either way when
        symmetric), decided and written in one write transaction that first write-locks both
        endpoints: concurrent creates of one pair take turns, so exactly one of them creates."""
        ts = now()
        stored = {**props, "id": str(uuid.uuid4()), "created_at": ts, "updated_at": ts}

        async def work(tx: Tx) -> Created:
            ends = [source_id, target_id]
            held = {r["id"] for r in await tx.run("lock_endpoints", ids=sorted(ends))}
            for end in ends:
                if end not in held:
                    return Created(missing=end)
            found = await tx.one(
                "find_relationship_between",
                source_id=source_id,
                target_id=target_id,
                type=rel_type,
                symmetric=symmetric,
            )
            if found is not None:
                return Created(existing_id=found["id"])
            row = await tx.one(
                "create_relationship",
                source_id=source_id,
                target_id=target_id,
                type=rel_type,
                props={k: v for k, v in stored.items() if v is not None},
            )
            if row is None:  # not reached while the locks hold; kept as a 404, not a 500
                return Created(missing=source_id)
            created = record_fields(row["rel"])
            await self._changed(tx, None, created)
            return Created(row=created)

        return await self.db.in_write(work)

    async def get(self, rel_id: str) -> Row | None:
        row = await self.db.read_one("get_relationship", id=rel_id)
        return record_fields(row["rel"]) if row else None

    async def change(self, rel_id: str, edit: Callable[[Row], Row]) -> Row | None:
        """Read the stored record and write `edit(record)` (the properties to set; empty: none)
        in one transaction, the edge write-locked first: a write in between cannot be lost, and
        what `edit` checks (If-Match) is what the write changes. None when there is no edge."""

        async def work(tx: Tx) -> Row | None:
            current = await self._locked(tx, rel_id)
            if current is None:
                return None
            props = edit(current)
            if not props:
                return current
            row = await tx.one(
                "update_relationship", id=rel_id, props={**props, "updated_at": now()}
            )
            if row is None:
                return None
            changed = record_fields(row["rel"])
            await self._changed(tx, current, changed)
            return changed

        return await self.db.in_write(work)

    @staticmethod
    async def _locked(tx: Tx, rel_id: str) -> Row | None:
        """The edge's record once write-locked by this transaction; None when it is gone (also
        when a concurrent delete committed while the lock was awaited)."""
        if await tx.one("lock_relationship", id=rel_id) is None:
            return None
        found = await tx.one("get_relationship", id=rel_id)
        return record_fields(found["rel"]) if found else None

    async def delete(self, rel_id: str, check: Callable[[Row], None] | None = None) -> bool:
        """Delete the edge; with `check`, only after it passed on the write-locked record."""

        async def work(tx: Tx) -> bool:
            rel = await self._locked(tx, rel_id)
            if rel is None:
                return False
            if check is not None:
                check(rel)
            if await tx.one("delete_relationship", id=rel_id) is None:
                return False
            ends = {k: rel[k] for k in ("type", "source_id", "target_id")}
            tx.record("relationship.deleted", {"id": rel_id, **ends})  # the change feed
            await signals.forget_edges(tx, [rel_id])
            return True

        return await self.db.in_write(work)

    @staticmethod
    async def _changed(tx: Tx, before: Row | None, after: Row) -> None:
        """The change feed's records of a create (before None) or update (app/changes): the
        relationship as it is now, then the signals it raised (a strength band crossed, a
        job started or ended)."""
        kind = "relationship.created" if before is None else "relationship.updated"
        tx.record(kind, {"relationship": payloads.edge(after)})
        await signals.check_edges(tx, [after], "write")
        await signals.check_job(tx, before, after)

    async def find(
        self, *, node_id: str | None, types: list[str], after: str | None, limit: int
    ) -> list[Row]:
        if node_id is not None:
            rows = await self.db.read(
                "list_node_relationships", node_id=node_id, types=types, after=after, limit=limit
            )
        else:
            rows = await self.db.read("list_relationships", types=types, after=after, limit=limit)
        return [record_fields(r["rel"]) for r in rows]

    async def pair_interactions(self, a_id: str, b_id: str, until: datetime) -> list[Row]:
        rows = await self.db.read("pair_interactions", a_id=a_id, b_id=b_id, until=until)
        return [native(r) for r in rows]
