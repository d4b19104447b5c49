"""Person cards: what every answer row about a person carries (API.md "People cards and
lookups"), read for many people in one statement."""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from app.db.database import Database


class CompanyName(BaseModel):
    id: str
    name: str | None = None


class PersonCard(BaseModel):
    """Who a person is at a glance: name, title, whether they are on our team, and their
    current employer with their role there."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                    "name": "Ada Lovelace",
                    "title": "Head of Engineering",
                    "is_team": False,
                    "company": {"id": "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50", "name": "Acme"},
                    "role": "decision_maker",
                }
            ]
        }
    )

    id: str
    name: str | None = None
    title: str | None = None
    is_team: bool = False
    company: CompanyName | None = None
    role: str | None = None


async def person_cards(db: Database, ids: Iterable[str]) -> dict[str, PersonCard]:
    """The cards of these people by id (unknown ids are absent), in one read."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = await db.read_plain("person_cards", ids=wanted, full=False)
    return {r["id"]: PersonCard.model_validate(r) for r in (rows[0]["cards"] if rows else [])}


def card_or_stub(cards: dict[str, PersonCard], person_id: str) -> PersonCard:
    """The card, or one with the id alone for a person deleted since the answer was computed."""
    return cards.get(person_id) or PersonCard(id=person_id)
