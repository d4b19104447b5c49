"""People in Neo4j: the only module of this domain that runs Cypher."""

from typing import Any

from app.common.nodes import NodeKind, NodeRepository, Statements, UniqueKey
from app.db.database import Database
from app.people.schemas import Person


def email_key(email: str | None) -> str | None:
    """What makes two emails the same: letter case does not count."""
    return email.lower() if email else None


PERSON = NodeKind(
    noun="person",
    model=Person,
    statements=Statements(
        create="create_person",
        get="get_person",
        update="update_person",
        delete="delete_person",
        lock="lock_person",
        list="list_people",
        search="search_people",
    ),
    unique=(UniqueKey("email", "email_key", email_key), UniqueKey("external_id", "external_id")),
    empty={"tags": list, "attributes": dict, "is_team": bool},
)
to_person = PERSON.read
stored = PERSON.stored  # API fields -> node properties (email_key for the uniqueness constraint)


class PeopleRepository(NodeRepository[Person]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, PERSON)

    async def find(
        self, *, after: str | None, limit: int, company_id: str | None = None, **filters: Any
    ) -> list[Person]:
        """With company_id: its current employees only."""
        if company_id is None:
            return await super().find(after=after, limit=limit, **filters)
        return await self.many(
            "list_people_at_company", company_id=company_id, after=after, limit=limit, **filters
        )

    async def company_exists(self, company_id: str) -> bool:
        return await self.db.read_one("company_exists", id=company_id) is not None
