"""Companies in Neo4j: the only module of this domain that runs Cypher."""

import uuid
from typing import Any

from neo4j.exceptions import ConstraintError

from app.companies.schemas import Company
from app.db.convert import node_fields, node_properties, now
from app.db.database import Database
from app.errors import Conflict


def to_company(row: dict[str, Any]) -> Company:
    return Company.model_validate(node_fields(row))


def domain_key(domain: str | None) -> str | None:
    """What makes two domains the same: letter case and a leading "www." do not count."""
    if not domain:
        return None
    key = domain.strip().lower()
    if key.startswith("www.") and "." in key[4:]:
        key = key[4:]
    return key


def stored(fields: dict[str, Any]) -> dict[str, Any]:
    """API fields -> node properties (derived keys for the uniqueness constraints)."""
    props = node_properties(fields)
    if "domain" in props:
        props["domain_key"] = domain_key(props["domain"])
    return props


def _conflict(exc: ConstraintError, fields: dict[str, Any]) -> Conflict:
    message = exc.message or ""
    if "domain_key" in message:
        return Conflict(f"a company with domain {fields.get('domain')!r} exists already")
    if "external_id" in message:
        return Conflict(f"a company with external_id {fields.get('external_id')!r} exists already")
    return Conflict(f"uniqueness conflict: {message}")


class CompaniesRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, fields: dict[str, Any]) -> Company:
        ts = now()
        props = stored({**fields, "id": str(uuid.uuid4()), "created_at": ts, "updated_at": ts})
        props = {k: v for k, v in props.items() if v is not None}
        try:
            row = await self.db.write_one("create_company", props=props)
        except ConstraintError as exc:
            raise _conflict(exc, fields) from exc
        assert row is not None
        return to_company(row["company"])

    async def get(self, company_id: str) -> Company | None:
        row = await self.db.read_one("get_company", id=company_id)
        return to_company(row["company"]) if row else None

    async def update(self, company_id: str, fields: dict[str, Any]) -> Company | None:
        props = stored({**fields, "updated_at": now()})
        try:
            row = await self.db.write_one("update_company", id=company_id, props=props)
        except ConstraintError as exc:
            raise _conflict(exc, fields) from exc
        return to_company(row["company"]) if row else None

    async def delete(self, company_id: str) -> bool:
        return await self.db.write_one("delete_company", id=company_id) is not None

    async def find(self, *, after: str | None, tag: str | None, limit: int) -> list[Company]:
        rows = await self.db.read("list_companies", after=after, tag=tag, limit=limit)
        return [to_company(r["company"]) for r in rows]

    async def search(self, lucene: str, *, tag: str | None, skip: int, limit: int) -> list[Company]:
        rows = await self.db.read(
            "search_companies", lucene=lucene, tag=tag, skip=skip, limit=limit
        )
        return [to_company(r["company"]) for r in rows]
