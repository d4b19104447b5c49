"""Rules for people: the shared node rules, and the list's filters, lookups and sorts."""

from typing import Any

from app.common.nodes import NodeService
from app.common.pagination import Page
from app.common.sorting import Sort, SortedPage, keyset_rows, offset_rows
from app.common.text import lucene_query
from app.db.database import Database
from app.errors import NotFound
from app.people.filters import PeopleFilter
from app.people.repository import PeopleRepository
from app.people.schemas import Person


class PeopleService(NodeService[Person]):
    repo: PeopleRepository

    def __init__(self, db: Database) -> None:
        super().__init__(PeopleRepository(db))

    async def find(
        self,
        *,
        q: str | None,
        filters: PeopleFilter,
        sort: Sort | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Person]:
        """The statement is chosen by what narrows most: words in q (the full-text index), an
        exact email or external_id (their unique indexes), a company (its people), the team (its
        index), else every person (in id order: the id index walked; sorted: its order key's
        index walked, app/common/order.py)."""
        if filters.company_id is not None and not await self.repo.company_exists(
            filters.company_id
        ):
            raise NotFound(f"no company with id {filters.company_id}")
        f = filters.params()
        keep = (lambda p: filters.holds(p.attributes)) if filters.attrs else None
        items: list[Any]
        if q is not None and q.strip():
            lucene = lucene_query(q)
            if lucene is None:
                return Page[Person](items=[], next_cursor=None)
            if sort is None:  # best match first, paged by offset
                items, next_cursor = await offset_rows(
                    lambda skip, n: self.repo.matches(lucene, f, skip, n), cursor, limit, keep
                )
                return Page[Person](items=items, next_cursor=next_cursor)
            statement, anchor = "search_people_sorted", {"lucene": lucene}
        elif f["email"] is not None or f["external_id"] is not None:
            statement = "lookup_people"
            anchor = {"email": f["email"], "external_id": f["external_id"]}
        elif f["company_id"] is not None:
            statement, anchor = "list_people_at_company", {"company_id": f["company_id"]}
            # the statement starts from the company's current staff: the filter would ask again,
            # for each of them, through the company's every WORKS_AT
            f = {**f, "company_id": None}
        elif f["is_team"] is True:
            statement, anchor = "list_team_people", {}
        elif sort is not None:

            async def in_order(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
                return list(await self.repo.in_order(f, start, n))

            items, next_cursor = await keyset_rows(
                in_order, SortedPage.of(sort, cursor), limit, keep
            )
            return Page[Person](items=items, next_cursor=next_cursor)
        else:

            async def scan(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
                return [(p, p.id) for p in await self.repo.scan(f, start.id, n)]

            items, next_cursor = await keyset_rows(scan, SortedPage.of(None, cursor), limit, keep)
            return Page[Person](items=items, next_cursor=next_cursor)

        async def fetch(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
            return list(await self.repo.ordered(statement, f, start, n, **anchor))

        page = SortedPage.of(sort, cursor)
        items, next_cursor = await keyset_rows(fetch, page, limit, keep)
        return Page[Person](items=items, next_cursor=next_cursor)
