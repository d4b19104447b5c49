"""Rules for companies: the shared node rules, and the list's filters and sorts."""

from typing import Any

from app.common.nodes import NodeService
from app.common.pagination import Page
from app.common.sorting import Sort, SortedPage, keyset_rows, offset_rows
from app.common.text import lucene_query
from app.companies.repository import CompaniesRepository
from app.companies.schemas import Company
from app.db.database import Database


class CompaniesService(NodeService[Company]):
    repo: CompaniesRepository

    def __init__(self, db: Database) -> None:
        super().__init__(CompaniesRepository(db))

    async def find(
        self,
        *,
        q: str | None,
        tags: list[str],
        industry: str | None,
        sort: Sort | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Company]:
        """Words in q: full-text matches, best first (or in `sort` order); none: every company
        in id order (the id index walked) or in `sort` order (its order key's index walked,
        app/common/order.py). Filters narrow either."""
        f = {
            "industry": industry.lower() if industry else None,
            "tags": list(dict.fromkeys(tags)),
        }
        items: list[Any]
        anchor: dict[str, Any] = {}
        if q is not None and q.strip():
            lucene = lucene_query(q)
            if lucene is None:
                return Page[Company](items=[], next_cursor=None)
            if sort is None:
                items, next_cursor = await offset_rows(
                    lambda skip, n: self.repo.matches(lucene, f, skip, n), cursor, limit
                )
                return Page[Company](items=items, next_cursor=next_cursor)
            statement, anchor = "search_companies_sorted", {"lucene": lucene}
        elif sort is not None:

            async def in_order(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
                return list(await self.repo.in_order(f, start, n))

            items, next_cursor = await keyset_rows(in_order, SortedPage.of(sort, cursor), limit)
            return Page[Company](items=items, next_cursor=next_cursor)
        else:

            async def scan(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
                return [(c, c.id) for c in await self.repo.scan(f, start.id, n)]

            items, next_cursor = await keyset_rows(scan, SortedPage.of(None, cursor), limit)
            return Page[Company](items=items, next_cursor=next_cursor)

        async def fetch(start: SortedPage, n: int) -> list[tuple[Any, Any]]:
            return list(await self.repo.ordered(statement, f, start, n, **anchor))

        items, next_cursor = await keyset_rows(fetch, SortedPage.of(sort, cursor), limit)
        return Page[Company](items=items, next_cursor=next_cursor)
