"""People in Neo4j: the only module of this domain that runs Cypher."""

import uuid
from typing import Any

from neo4j.exceptions import ConstraintError

from app.db.convert import node_fields, node_properties, now
from app.db.database import Database
from app.errors import Conflict
from app.people.schemas import Person


def to_person(row: dict[str, Any]) -> Person:
    data = node_fields(row)
    data["is_team"] = bool(data.get("is_team"))
    return Person.model_validate(data)


def stored(fields: dict[str, Any]) -> dict[str, Any]:
    """API fields -> node properties (derived keys for the uniqueness constraints)."""
    props = node_properties(fields)
    if "email" in props:
        props["email_key"] = props["email"].lower() if props["email"] else None
    return props


def _conflict(exc: ConstraintError, fields: dict[str, Any]) -> Conflict:
    message = exc.message or ""
    if "email_key" in message:
        return Conflict(f"a person with email {fields.get('email')!r} exists already")
    if "external_id" in message:
        return Conflict(f"a person with external_id {fields.get('external_id')!r} exists already")
    return Conflict(f"uniqueness conflict: {message}")


class PeopleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, fields: dict[str, Any]) -> Person:
        ts = now()
        props = stored({**fields, "id": str(uuid.uuid4()), "created_at": ts, "updated_at": ts})
        props = {k: v for k, v in props.items() if v is not None}
        try:
            row = await self.db.write_one("create_person", props=props)
        except ConstraintError as exc:
            raise _conflict(exc, fields) from exc
        assert row is not None
        return to_person(row["person"])

    async def get(self, person_id: str) -> Person | None:
        row = await self.db.read_one("get_person", id=person_id)
        return to_person(row["person"]) if row else None

    async def update(self, person_id: str, fields: dict[str, Any]) -> Person | None:
        props = stored({**fields, "updated_at": now()})
        try:
            row = await self.db.write_one("update_person", id=person_id, props=props)
        except ConstraintError as exc:
            raise _conflict(exc, fields) from exc
        return to_person(row["person"]) if row else None

    async def delete(self, person_id: str) -> bool:
        return await self.db.write_one("delete_person", id=person_id) is not None

    async def find(
        self,
        *,
        after: str | None,
        tag: str | None,
        is_team: bool | None,
        company_id: str | None,
        limit: int,
    ) -> list[Person]:
        if company_id is not None:
            rows = await self.db.read(
                "list_people_at_company",
                company_id=company_id,
                after=after,
                tag=tag,
                is_team=is_team,
                limit=limit,
            )
        else:
            rows = await self.db.read(
                "list_people", after=after, tag=tag, is_team=is_team, limit=limit
            )
        return [to_person(r["person"]) for r in rows]

    async def search(
        self,
        lucene: str,
        *,
        tag: str | None,
        is_team: bool | None,
        company_id: str | None,
        skip: int,
        limit: int,
    ) -> list[Person]:
        rows = await self.db.read(
            "search_people",
            lucene=lucene,
            tag=tag,
            is_team=is_team,
            company_id=company_id,
            skip=skip,
            limit=limit,
        )
        return [to_person(r["person"]) for r in rows]

    async def company_exists(self, company_id: str) -> bool:
        return await self.db.read_one("company_exists", id=company_id) is not None
