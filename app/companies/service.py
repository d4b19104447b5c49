"""Rules for companies: what may change, what a missing id means, how lists page."""

from app.common.pagination import Page, search_or_scan
from app.companies.repository import CompaniesRepository
from app.companies.schemas import Company, CompanyCreate, CompanyUpdate
from app.db.database import Database
from app.errors import NotFound


class CompaniesService:
    def __init__(self, db: Database) -> None:
        self.repo = CompaniesRepository(db)

    async def create(self, body: CompanyCreate) -> Company:
        return await self.repo.create(body.model_dump())

    async def get(self, company_id: str) -> Company:
        company = await self.repo.get(company_id)
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        return company

    async def update(self, company_id: str, body: CompanyUpdate) -> Company:
        fields = body.model_dump(exclude_unset=True)
        if fields.get("name", "") is None:
            fields.pop("name")  # name is required: null leaves it as it is
        if "tags" in fields and fields["tags"] is None:
            fields["tags"] = []
        if "attributes" in fields and fields["attributes"] is None:
            fields["attributes"] = {}
        company = await self.repo.update(company_id, fields)
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        return company

    async def delete(self, company_id: str) -> None:
        if not await self.repo.delete(company_id):
            raise NotFound(f"no company with id {company_id}")

    async def find(
        self, *, q: str | None, tag: str | None, limit: int, cursor: str | None
    ) -> Page[Company]:
        return await search_or_scan(
            q,
            cursor,
            limit,
            search=lambda lucene, skip, n: self.repo.search(lucene, tag=tag, skip=skip, limit=n),
            scan=lambda after, n: self.repo.find(after=after, tag=tag, limit=n),
        )
