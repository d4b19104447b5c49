"""Relationships in Neo4j: the only module of this domain that runs Cypher."""

import uuid
from datetime import datetime
from typing import Any

from app.db.convert import native, now
from app.db.database import Database

Row = dict[str, Any]


class RelationshipRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def resolve(self, ids: list[str]) -> dict[str, str]:
        """id -> label (Person, Company, Event) for the ids that exist."""
        rows = await self.db.read("resolve_nodes", ids=ids)
        return {r["id"]: r["label"] for r in rows}

    async def find_between(
        self, source_id: str, target_id: str, rel_type: str, symmetric: bool
    ) -> str | None:
        row = await self.db.read_one(
            "find_relationship_between",
            source_id=source_id,
            target_id=target_id,
            type=rel_type,
            symmetric=symmetric,
        )
        return row["id"] if row else None

    async def create(self, source_id: str, target_id: str, rel_type: str, props: Row) -> Row:
        ts = now()
        stored = {**props, "id": str(uuid.uuid4()), "created_at": ts, "updated_at": ts}
        row = await self.db.write_one(
            "create_relationship",
            source_id=source_id,
            target_id=target_id,
            type=rel_type,
            props={k: v for k, v in stored.items() if v is not None},
        )
        assert row is not None, "endpoints vanished between the check and the write"
        return native(row["rel"])  # type: ignore[no-any-return]

    async def get(self, rel_id: str) -> Row | None:
        row = await self.db.read_one("get_relationship", id=rel_id)
        return native(row["rel"]) if row else None

    async def update(self, rel_id: str, props: Row) -> Row | None:
        row = await self.db.write_one(
            "update_relationship", id=rel_id, props={**props, "updated_at": now()}
        )
        return native(row["rel"]) if row else None

    async def delete(self, rel_id: str) -> bool:
        return await self.db.write_one("delete_relationship", id=rel_id) is not None

    async def find(
        self, *, node_id: str | None, types: list[str], after: str | None, limit: int
    ) -> list[Row]:
        if node_id is not None:
            rows = await self.db.read(
                "list_node_relationships", node_id=node_id, types=types, after=after, limit=limit
            )
        else:
            rows = await self.db.read("list_relationships", types=types, after=after, limit=limit)
        return [native(r["rel"]) for r in rows]

    async def pair_interactions(self, a_id: str, b_id: str, until: datetime) -> list[Row]:
        rows = await self.db.read("pair_interactions", a_id=a_id, b_id=b_id, until=until)
        return [native(r) for r in rows]
