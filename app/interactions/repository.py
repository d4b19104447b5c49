"""Interactions in Neo4j: the only module of this domain that runs Cypher."""

from datetime import datetime
from typing import Any

from app.db.convert import native
from app.db.database import Database, Tx
from app.graph.edge import KNOWS_FROM_INTERACTIONS

Row = dict[str, Any]


async def lock_people(tx: Tx, ids: list[str]) -> list[str]:
    """Write-lock these people (in id order) inside tx; the ids of those that are gone."""
    wanted = sorted(set(ids))
    held = {r["id"] for r in await tx.run("lock_people", ids=wanted)}
    return [i for i in wanted if i not in held]


class InteractionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def people(self, ids: list[str]) -> dict[str, str]:
        """id -> name for the ids that are people."""
        rows = await self.db.read("resolve_people", ids=ids)
        return {r["id"]: r["name"] for r in rows}

    async def log(self, people: list[str], **params: Any) -> tuple[list[Row], list[str]]:
        """Create the interactions and update the KNOWS edge of every pair, in one transaction
        that first write-locks the participants: (the edges, []), or, when some of them are
        gone by then (merged away, deleted), ([], those ids) and nothing is written."""

        async def work(tx: Tx) -> tuple[list[Row], list[str]]:
            missing = await lock_people(tx, people)
            if missing:
                return [], missing
            rows = await tx.run("log_interactions", new_edge=KNOWS_FROM_INTERACTIONS, **params)
            return [native(r["rel"]) for r in rows], []

        return await self.db.in_write(work)

    async def timeline(
        self,
        person_id: str,
        *,
        kind: str | None,
        since: datetime | None,
        until: datetime | None,
        after_at: datetime | None,
        after_id: str | None,
        limit: int,
    ) -> list[Row]:
        rows = await self.db.read(
            "list_person_interactions",
            person_id=person_id,
            kind=kind,
            since=since,
            until=until,
            after_at=after_at,
            after_id=after_id,
            limit=limit,
        )
        return [{**native(r["interaction"]), "participants": r["participants"]} for r in rows]

    async def knows_edges(self, person_id: str, other_ids: list[str]) -> dict[str, Row]:
        """other id -> the KNOWS edge between person_id and them."""
        rows = await self.db.read("person_knows_edges", person_id=person_id, other_ids=other_ids)
        return {r["other_id"]: native(r["rel"]) for r in rows}

    async def touches(self, person_id: str, other_ids: list[str], until: datetime) -> list[Row]:
        """(other_id, kind, occurred_at, participants, sentiment) of shared interactions."""
        rows = await self.db.read(
            "person_touches", person_id=person_id, other_ids=other_ids, until=until
        )
        return [native(r) for r in rows]

    async def cooling(self, **params: Any) -> list[Row]:
        rows = await self.db.read("list_cooling_relationships", **params)
        return [native(r["rel"]) for r in rows]

    async def person_relationships(self, person_id: str, limit: int) -> list[Row]:
        rows = await self.db.read("person_relationships", person_id=person_id, limit=limit)
        return [{**native(r["rel"]), "other": native(r["other"])} for r in rows]

    async def person_exists(self, person_id: str) -> bool:
        return bool(await self.people([person_id]))
