"""Rules for people: what may change, what a missing id means, how lists page."""

from app.common.pagination import Page, search_or_scan
from app.db.database import Database
from app.errors import NotFound
from app.people.repository import PeopleRepository
from app.people.schemas import Person, PersonCreate, PersonUpdate


class PeopleService:
    def __init__(self, db: Database) -> None:
        self.repo = PeopleRepository(db)

    async def create(self, body: PersonCreate) -> Person:
        return await self.repo.create(body.model_dump())

    async def get(self, person_id: str) -> Person:
        person = await self.repo.get(person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        return person

    async def update(self, person_id: str, body: PersonUpdate) -> Person:
        fields = body.model_dump(exclude_unset=True)
        if fields.get("name", "") is None:
            fields.pop("name")  # name is required: null leaves it as it is
        for key in ("tags", "is_team", "attributes"):
            if key in fields and fields[key] is None:
                fields[key] = [] if key == "tags" else ({} if key == "attributes" else False)
        person = await self.repo.update(person_id, fields)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        return person

    async def delete(self, person_id: str) -> None:
        if not await self.repo.delete(person_id):
            raise NotFound(f"no person with id {person_id}")

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
        return await search_or_scan(
            q,
            cursor,
            limit,
            search=lambda lucene, skip, n: self.repo.search(
                lucene, tag=tag, is_team=is_team, company_id=company_id, skip=skip, limit=n
            ),
            scan=lambda after, n: self.repo.find(
                after=after, tag=tag, is_team=is_team, company_id=company_id, limit=n
            ),
        )
