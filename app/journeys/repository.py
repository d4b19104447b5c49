"""Journey reads from Neo4j: the only module of this domain that runs Cypher."""

from datetime import date, datetime
from typing import Any

from app.db.convert import moment, record_fields
from app.db.database import Database

Row = dict[str, Any]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


class JourneyRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def touchpoints(
        self, company_id: str, start: datetime | None, end: datetime | None, limit: int
    ) -> list[Row]:
        """The candidate touchpoints, oldest first: {id, kind, occurred_at, tied, staff: [{id,
        since, until, current}], team: [id]}."""
        found = await self.db.read_plain(
            "company_touchpoints", company_id=company_id, start=start, end=end, limit=limit
        )
        lists = found[0] if found else {}
        rows = [
            {
                "id": interaction_id,
                "kind": kind,
                "occurred_at": moment(at),
                "tied": tied,
                "staff": [
                    {"id": pid, "since": _day(since), "until": _day(until), "current": current}
                    for pid, since, until, current in staff
                ],
                "team": team,
            }
            for interaction_id, at, kind, tied, staff, team in zip(
                lists.get("ids", []),
                lists.get("at", []),
                lists.get("kinds", []),
                lists.get("tied", []),
                lists.get("staff", []),
                lists.get("team", []),
                strict=True,
            )
        ]
        rows.sort(key=lambda r: (r["occurred_at"], r["id"]))
        return rows

    async def shown(self, ids: list[str]) -> dict[str, Row]:
        """id -> the interaction's fields and its participants' ids, for a page's touchpoints."""
        rows = await self.db.read_plain("journey_touchpoints", ids=ids)
        return {
            r["interaction"]["id"]: {
                **record_fields(r["interaction"]),
                "participants": sorted(r["participants"]),
            }
            for r in rows
        }

    async def owner_ties(self, company_id: str, owner_ids: list[str]) -> list[Row]:
        return await self.db.read("owner_ties", company_id=company_id, owner_ids=owner_ids)
