"""The shape of an account's journey: its touchpoints and what they add up to."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.companies.schemas import Company
from app.people.cards import PersonCard

_AT = "2026-03-02T10:00:00Z"


class Bucket(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Touchpoint(BaseModel):
    """An interaction with someone who worked at the company at that moment, or tied to it."""

    id: str
    kind: str
    occurred_at: datetime
    summary: str | None = None
    sentiment: float | None = None
    participants: list[PersonCard] = Field(description="everyone who took part, by name")
    people: list[str] = Field(
        description="ids of the participants who worked at the company at that moment"
    )
    tied: bool = Field(description="the interaction names the company (its company_ids)")


class TouchpointPage(BaseModel):
    items: list[Touchpoint]
    next_cursor: str | None = None


class PeriodCount(BaseModel):
    """Touchpoints of one week (ISO, e.g. 2026-W09) or month (2026-03), by kind."""

    period: str
    start: date = Field(description="its first day")
    total: int
    email: int = 0
    meeting: int = 0
    call: int = 0
    message: int = 0
    social: int = 0
    event: int = 0
    note: int = 0


class Gap(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: datetime = Field(alias="from", description="the touchpoint before the silence")
    to: datetime = Field(description="the touchpoint after it")
    days: float


class Owner(BaseModel):
    person: PersonCard
    interactions: int = Field(description="touchpoints this team member took part in")
    strength: float = Field(
        description="their strongest KNOWS tie, now, to someone currently at the company "
        "(0 when none)"
    )


class Journey(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company": {
                        "id": "7d1e9a52-5b55-4c8a-a0b9-3f0f4c1b2e77",
                        "name": "Acme",
                        "tags": ["prospect"],
                        "attributes": {},
                        "created_at": _AT,
                        "updated_at": _AT,
                    },
                    "touchpoints": {
                        "items": [
                            {
                                "id": "9f3c…",
                                "kind": "meeting",
                                "occurred_at": _AT,
                                "summary": "Discovery call",
                                "sentiment": 0.5,
                                "participants": [
                                    {"id": "0b6c…", "name": "Sam", "is_team": True},
                                    {"id": "5e2d…", "name": "Ada Lovelace", "is_team": False},
                                ],
                                "people": ["5e2d…"],
                                "tied": False,
                            }
                        ],
                        "next_cursor": None,
                    },
                    "by_kind": {"meeting": 1},
                    "by_period": [
                        {"period": "2026-03", "start": "2026-03-01", "total": 1, "meeting": 1}
                    ],
                    "first_touch_at": _AT,
                    "last_touch_at": _AT,
                    "median_gap_days": None,
                    "gaps": [],
                    "owners": [
                        {
                            "person": {"id": "0b6c…", "name": "Sam", "is_team": True},
                            "interactions": 1,
                            "strength": 0.42,
                        }
                    ],
                    "truncated": False,
                }
            ]
        }
    )

    company: Company
    touchpoints: TouchpointPage = Field(description="oldest first, paginated (limit, cursor)")
    by_kind: dict[str, int] = Field(description="touchpoints in the range per kind (kinds seen)")
    by_period: list[PeriodCount] = Field(
        description="every week or month from the first touchpoint's to the last's"
    )
    first_touch_at: datetime | None = None
    last_touch_at: datetime | None = None
    median_gap_days: float | None = Field(
        None, description="median of the days between consecutive touchpoints (null below 2)"
    )
    gaps: list[Gap] = Field(description="the longest silences between touchpoints, longest first")
    owners: list[Owner] = Field(
        description="team members who took part in touchpoints, most touchpoints first"
    )
    truncated: bool = Field(description="true when the range held more touchpoints than the cap")
