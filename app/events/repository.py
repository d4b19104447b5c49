"""Events in Neo4j: the only module of this domain that runs Cypher."""

import uuid
from typing import Any

from app.changes import payloads
from app.common.kinds import RelType
from app.db.convert import now, record_fields
from app.db.database import Database
from app.graph.edge import new_edge

Row = dict[str, Any]


class EventRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, fields: Row) -> Row:
        props = {**fields, "id": str(uuid.uuid4()), "created_at": now()}
        row = await self.db.write_one(
            "create_event",
            changes=lambda rows: [("event.created", {"event": r["event"]}) for r in rows],
            props={k: v for k, v in props.items() if v is not None},
        )
        assert row is not None
        return record_fields(row["event"])

    async def get(self, event_id: str) -> Row | None:
        row = await self.db.read_one("get_event", id=event_id)
        return record_fields(row["event"]) if row else None

    async def find(self, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read("list_events", after=after, limit=limit)
        return [record_fields(r["event"]) for r in rows]

    async def people(self, ids: list[str]) -> set[str]:
        return {r["id"] for r in await self.db.read("existing_people_ids", ids=ids)}

    async def add_attendees(self, event_id: str, person_ids: list[str]) -> list[Row]:
        ts = now()
        rows: list[Row] = [
            {
                "person_id": pid,
                "props": {
                    "id": str(uuid.uuid4()),
                    **new_edge(RelType.ATTENDED),
                    "props_json": "{}",
                    "created_at": ts,
                    "updated_at": ts,
                },
            }
            for pid in person_ids
        ]
        made = {r["person_id"]: r["props"] for r in rows}

        def changes(out: list[Row]) -> list[tuple[str, Row]]:
            """The change feed's records (app/changes): the ATTENDED edges made."""
            edges = [
                {**made[r["id"]], "type": "ATTENDED", "source_id": r["id"], "target_id": event_id}
                for r in out
                if r["created"]
            ]
            return [("relationship.created", {"relationship": payloads.edge(e)}) for e in edges]

        return await self.db.write("add_attendees", changes, event_id=event_id, rows=rows)

    async def remove_attendee(self, event_id: str, person_id: str) -> bool:
        def changes(out: list[Row]) -> list[tuple[str, Row]]:
            ends = {"type": "ATTENDED", "source_id": person_id, "target_id": event_id}
            return [("relationship.deleted", {"id": r["id"], **ends}) for r in out]

        row = await self.db.write_one(
            "remove_attendee", changes, event_id=event_id, person_id=person_id
        )
        return row is not None

    async def attendees(self, event_id: str, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read("list_attendees", event_id=event_id, after=after, limit=limit)
        return [r["person"] for r in rows]

    async def attendee_ids(self, event_id: str, limit: int) -> list[Row]:
        return await self.db.read("attendee_ids", event_id=event_id, limit=limit)

    async def market(self) -> list[Row]:
        return await self.db.read("market_position")

    async def tagged_companies(self, tags: list[str]) -> list[Row]:
        return await self.db.read("tagged_companies", tags=tags)

    async def companies(self, ids: list[str]) -> list[Row]:
        return await self.db.read("companies_by_id", ids=ids)

    async def team_ids(self, limit: int) -> list[str]:
        row = await self.db.read_one("list_team_ids", limit=limit)
        return list(row["ids"]) if row else []

    async def employees(self, company_ids: list[str]) -> list[Row]:
        return await self.db.read("current_employees", company_ids=company_ids)

    async def edges(
        self, ids: list[str], min_strength: float, only: list[str] | None, limit: int
    ) -> list[Row]:
        columns = await self.db.read_one(
            "person_edges", ids=ids, min_strength=min_strength, only=only, limit=limit
        )
        if not columns or not columns["id"]:
            return []
        names = list(columns)
        return [
            dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
