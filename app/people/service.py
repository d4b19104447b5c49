"""Rules for people: the shared node rules, and a company filter that must name a company."""

from app.common.nodes import NodeService
from app.common.pagination import Page
from app.db.database import Database
from app.errors import NotFound
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
        tag: str | None,
        company_id: str | None,
        is_team: bool | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Person]:
        if company_id is not None and not await self.repo.company_exists(company_id):
            raise NotFound(f"no company with id {company_id}")
        return await self.page(
            q=q, limit=limit, cursor=cursor, tag=tag, is_team=is_team, company_id=company_id
        )
