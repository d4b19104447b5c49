"""Companies in Neo4j: the only module of this domain that runs Cypher."""

from typing import Any

from app.common.nodes import NodeKind, NodeRepository, Statements, UniqueKey
from app.common.order import bounds, statement
from app.common.sorting import SortedPage
from app.companies.schemas import Company
from app.db.database import Database


def domain_key(domain: str | None) -> str | None:
    """What makes two domains the same: letter case and a leading "www." do not count."""
    if not domain:
        return None
    key = domain.strip().lower()
    if key.startswith("www.") and "." in key[4:]:
        key = key[4:]
    return key


COMPANY = NodeKind(
    noun="company",
    model=Company,
    statements=Statements(
        create="create_company",
        get="get_company",
        by_id="read_companies",
        update="update_company",
        delete="delete_company",
        lock="lock_company",
        list="list_companies",
        search="search_companies",
    ),
    unique=(UniqueKey("domain", "domain_key", domain_key), UniqueKey("external_id", "external_id")),
)
to_company = COMPANY.read
stored = COMPANY.stored  # API fields -> node properties (domain_key for the uniqueness constraint)


class CompaniesRepository(NodeRepository[Company]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, COMPANY)

    async def scan(self, f: dict[str, Any], after: str | None, limit: int) -> list[Company]:
        """Companies passing the filters of f, in id order after `after`."""
        return await self.many("list_companies", f=f, after=after, limit=limit)

    async def in_order(
        self, f: dict[str, Any], page: SortedPage, limit: int
    ) -> list[tuple[Company, Any]]:
        """Companies passing the filters of f after `page`'s last row, in its sort's order
        (through that order's key: app/common/order.py), with their sort keys."""
        lo, hi = bounds(page)
        rows = await self.db.read(
            statement("list_companies_ordered", page), f=f, by=page.by, lo=lo, hi=hi, limit=limit
        )
        return [(self.kind.read(r["company"]), r["k"]) for r in rows]

    async def ordered(
        self, statement: str, f: dict[str, Any], page: SortedPage, limit: int, **anchor: Any
    ) -> list[tuple[Company, Any]]:
        """A sorted page of full-text matches (search_companies_sorted) with the sort keys."""
        rows = await self.db.read(statement, f=f, page=page.params(), limit=limit, **anchor)
        return [(self.kind.read(r["company"]), r["k"]) for r in rows]

    async def matches(self, lucene: str, f: dict[str, Any], skip: int, limit: int) -> list[Company]:
        """Full-text matches passing the filters of f, best first."""
        return await self.many("search_companies", lucene=lucene, f=f, skip=skip, limit=limit)
