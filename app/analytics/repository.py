"""Analytics reads from Neo4j: the paged projection, scopes, people cards, saved segments."""

import uuid
from collections.abc import Callable
from typing import Any

from app.db.convert import native, now
from app.db.database import Database, Tx

Row = dict[str, Any]
PAGE = 50_000  # rows a page (one record of columns): ~1.5 s each, well inside the timeout

EDGE_PAGES: tuple[tuple[str, bool], ...] = (
    ("project_knows", False),
    ("project_reports_to", False),
    ("project_influences", True),
)


class AnalyticsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def counts(self) -> Row:
        row = await self.db.read_one("count_graph")
        assert row is not None
        return row

    async def pages(
        self, name: str, on_page: Callable[[dict[str, list[Any]]], None], page: int = PAGE
    ) -> None:
        """Every page of a keyset-paged statement (id order) that answers one record of
        columns ({"id": [...], ...}), handed over page by page."""
        after = ""
        while True:
            columns = await self.db.read_one(name, after=after, limit=page)
            ids = columns["id"] if columns else []
            if ids:
                assert columns is not None
                on_page(columns)
            if len(ids) < page:
                return
            after = ids[-1]

    async def scope_ids(self, kind: str, value: str) -> list[str]:
        name, param = {
            "company": ("scope_company", "company_id"),
            "industry": ("scope_industry", "industry"),
            "tag": ("scope_tag", "tag"),
        }[kind]
        return [r["id"] for r in await self.db.read(name, **{param: value})]

    async def company(self, company_id: str) -> Row | None:
        return await self.db.read_one("company_exists", id=company_id)

    async def cards(self, ids: list[str]) -> dict[str, Row]:
        """Person cards (app/people/cards.py) with tags and every current employer, by id."""
        rows = await self.db.read_plain("person_cards", ids=list(dict.fromkeys(ids)), full=True)
        return {r["id"]: r for r in (rows[0]["cards"] if rows else [])}

    async def team_ids(self) -> set[str]:
        return {r["id"] for r in await self.db.read("team_ids")}

    async def existing_people(self, ids: list[str]) -> list[str]:
        return [r["id"] for r in await self.db.read("existing_people_ids", ids=ids)]

    async def create_saved(self, fields: Row) -> Row:
        props = {**fields, "id": str(uuid.uuid4()), "created_at": now()}
        row = await self.db.write_one(
            "create_saved_segment", props={k: v for k, v in props.items() if v is not None}
        )
        assert row is not None
        return native(row["segment"])  # type: ignore[no-any-return]

    async def get_saved(self, segment_id: str) -> Row | None:
        row = await self.db.read_one("get_saved_segment", id=segment_id)
        return native(row["segment"]) if row else None

    async def list_saved(self, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read("list_saved_segments", after=after, limit=limit)
        return [native(r["segment"]) for r in rows]

    async def delete_saved(
        self, segment_id: str, check: Callable[[Row], None] | None = None
    ) -> bool:
        """Delete it; with `check`, only after it passed on the write-locked record."""

        async def work(tx: Tx) -> bool:
            if check is not None:
                if await tx.one("lock_saved_segment", id=segment_id) is None:
                    return False
                found = await tx.one("get_saved_segment", id=segment_id)
                if found is None:  # deleted by a transaction that held the lock first
                    return False
                check(native(found["segment"]))
            return await tx.one("delete_saved_segment", id=segment_id) is not None

        return await self.db.in_write(work)

    async def person(self, person_id: str) -> Row | None:
        return await self.db.read_one("person_exists", id=person_id)

    async def suggestions(self, person_id: str, limit: int, exclude_team: bool) -> list[Row]:
        return await self.db.read(
            "suggest_contacts", id=person_id, exclude_team=exclude_team, limit=limit
        )

    async def market(self) -> list[Row]:
        return await self.db.read("market_position")

    async def stakeholder_ties(
        self, company_id: str, competitor_ids: list[str], our_ids: list[str]
    ) -> list[Row]:
        rows = await self.db.read(
            "stakeholder_ties",
            company_id=company_id,
            competitor_ids=competitor_ids,
            our_ids=our_ids,
        )
        return [native(r) for r in rows]

    # --- dynamic segments (app/analytics/dynamic.py) --------------------------------------------

    async def segment_candidates(self, f: Row, limit: int) -> list[Row]:
        return await self.db.read("segment_candidates", f=f, limit=limit)

    async def team_ties(self, ids: list[str], min_strength: float) -> list[Row]:
        return await self.db.read("team_ties", ids=ids, min_strength=min_strength)

    async def companies_exist(self, ids: list[str]) -> set[str]:
        return {r["id"] for r in await self.db.read("companies_exist", ids=ids)}
