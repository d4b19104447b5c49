"""Journey reads from Neo4j: the only module of this domain that runs Cypher."""

from datetime import datetime
from typing import Any

from app.db.convert import native
from app.db.database import Database

Row = dict[str, Any]


class JourneyRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def touchpoints(
        self, company_id: str, start: datetime | None, end: datetime | None, limit: int
    ) -> list[Row]:
        rows = await self.db.read(
            "company_touchpoints", company_id=company_id, start=start, end=end, limit=limit
        )
        return [native(r) for r in rows]

    async def owner_ties(self, company_id: str, owner_ids: list[str]) -> list[Row]:
        return await self.db.read("owner_ties", company_id=company_id, owner_ids=owner_ids)
