"""People in Neo4j: the only module of this domain that runs Cypher."""

from typing import Any

from app.common.nodes import NodeKind, NodeRepository, Statements, UniqueKey
from app.common.order import bounds, statement
from app.common.sorting import SortedPage
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
        by_id="read_people",
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

    async def scan(self, f: dict[str, Any], after: str | None, limit: int) -> list[Person]:
        """People passing the filters of f (app/people/filters.py), in id order after `after`."""
        return await self.many("list_people", f=f, after=after, limit=limit)

    async def in_order(
        self, f: dict[str, Any], page: SortedPage, limit: int
    ) -> list[tuple[Person, Any]]:
        """People passing the filters of f after `page`'s last row, in its sort's order (through
        that order's key: app/common/order.py), with their sort keys."""
        lo, hi = bounds(page)
        rows = await self.db.read(
            statement("list_people_ordered", page), f=f, by=page.by, lo=lo, hi=hi, limit=limit
        )
        return [(self.kind.read(r["person"]), r["k"]) for r in rows]

    async def ordered(
        self, statement: str, f: dict[str, Any], page: SortedPage, limit: int, **anchor: Any
    ) -> list[tuple[Person, Any]]:
        """A sorted page of one of the sorted statements of a narrowed list
        (list_people_at_company, list_team_people, lookup_people, search_people_sorted): people
        with their keys."""
        rows = await self.db.read(statement, f=f, page=page.params(), limit=limit, **anchor)
        return [(self.kind.read(r["person"]), r["k"]) for r in rows]

    async def matches(self, lucene: str, f: dict[str, Any], skip: int, limit: int) -> list[Person]:
        """Full-text matches passing the filters of f, best first."""
        return await self.many("search_people", lucene=lucene, f=f, skip=skip, limit=limit)

    async def company_exists(self, company_id: str) -> bool:
        return await self.db.read_one("company_exists", id=company_id) is not None
