"""Rules for companies: the shared node rules, filtered by tag."""

from app.common.nodes import NodeService
from app.common.pagination import Page
from app.companies.repository import CompaniesRepository
from app.companies.schemas import Company
from app.db.database import Database


class CompaniesService(NodeService[Company]):
    def __init__(self, db: Database) -> None:
        super().__init__(CompaniesRepository(db))

    async def find(
        self, *, q: str | None, tag: str | None, limit: int, cursor: str | None
    ) -> Page[Company]:
        return await self.page(q=q, limit=limit, cursor=cursor, tag=tag)
