from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.common.schemas import Day, Name, ShortText, Strict
from app.people.cards import PersonCard

PersonIds = list[str]


class EventCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Fintech Summit 2026",
                    "starts_on": "2026-12-03",
                    "location": "Lisbon",
                    "attendee_ids": ["0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10"],
                }
            ]
        },
    )

    name: Name
    starts_on: Day | None = None
    location: ShortText | None = None
    attendee_ids: list[str] = Field(default_factory=list, max_length=5000)


class AttendeesAdd(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"person_ids": ["0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10"]}]},
    )

    person_ids: list[str] = Field(min_length=1, max_length=5000)


class Event(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "e5f1c2d3-…",
                    "name": "Fintech Summit 2026",
                    "starts_on": "2026-12-03",
                    "location": "Lisbon",
                    "attendee_count": 120,
                    "created_at": "2026-11-22T09:00:00Z",
                }
            ]
        }
    )

    id: str
    name: str
    starts_on: date | None = None
    location: str | None = None
    attendee_count: int = 0
    created_at: datetime


class AttendeesAdded(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"event_id": "e5f1…", "added": ["0b6c…"], "already": [], "attendee_count": 1}
            ]
        }
    )

    event_id: str
    added: list[str] = Field(description="people newly recorded as attendees")
    already: list[str] = Field(description="people who were attendees already")
    attendee_count: int


class ReasonNode(BaseModel):
    """A node of the path behind a priority's reason."""

    id: str
    label: str
    name: str | None = None


class ReasonEdge(BaseModel):
    """An edge of the path behind a priority's reason."""

    id: str
    type: str
    source: str
    target: str
    strength: float


class TargetCompany(BaseModel):
    id: str
    name: str | None = None
    relations: list[str] = Field(
        description="what made it count: client, vendor, competitor, prospect, tag:<tag>, "
        "company:<id>"
    )
    basis: list[str] = Field(description='how we know, e.g. "CLIENT_OF them->us", "tagged vendor"')


class Reason(BaseModel):
    score: float = Field(description="product of the strengths of the person-to-person edges")
    hops: int = Field(description="person-to-person edges (the final WORKS_AT is not counted)")
    company: TargetCompany
    nodes: list[ReasonNode]
    edges: list[ReasonEdge]


class KnownBy(BaseModel):
    """A team member with a path of at most 2 hops to the attendee."""

    person: PersonCard
    score: float = Field(description="the best product of strengths over such paths")
    hops: int = Field(description="person-to-person edges of that best path (1 or 2)")


class Priority(BaseModel):
    rank: int
    score: float = Field(description="the best reason's score; 0 when no path was found")
    person: PersonCard = Field(description="the attendee, with current employer and role")
    reasons: list[Reason]
    known_by: list[KnownBy] = Field(
        description="team members within 2 hops of the attendee, strongest first"
    )


class Priorities(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "event": {"id": "e5f1…", "name": "Fintech Summit 2026"},
                    "relative_to": ["client", "vendor", "competitor"],
                    "max_hops": 2,
                    "target_companies": 3,
                    "truncated": False,
                    "items": [
                        {
                            "rank": 1,
                            "score": 0.72,
                            "person": {
                                "id": "0b6c…",
                                "name": "Ada Lovelace",
                                "title": "CTO",
                                "is_team": False,
                                "company": {"id": "7d1e…", "name": "Globex"},
                                "role": "decision_maker",
                            },
                            "known_by": [
                                {
                                    "person": {"id": "5e2d…", "name": "Sam", "is_team": True},
                                    "score": 0.8,
                                    "hops": 1,
                                }
                            ],
                            "reasons": [
                                {
                                    "score": 0.72,
                                    "hops": 2,
                                    "company": {
                                        "id": "7d1e…",
                                        "name": "Globex",
                                        "relations": ["client"],
                                        "basis": ["CLIENT_OF them->us"],
                                    },
                                    "nodes": [
                                        {"id": "0b6c…", "label": "Person", "name": "Ada"},
                                        {"id": "5e2d…", "label": "Person", "name": "Bob"},
                                        {"id": "9a8b…", "label": "Person", "name": "Cy"},
                                        {"id": "7d1e…", "label": "Company", "name": "Globex"},
                                    ],
                                    "edges": [
                                        {
                                            "id": "c1a8…",
                                            "type": "KNOWS",
                                            "source": "0b6c…",
                                            "target": "5e2d…",
                                            "strength": 0.9,
                                        }
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )

    event: dict[str, Any]
    relative_to: list[str]
    max_hops: int
    target_companies: int = Field(description="companies that count as clients/vendors/competitors")
    truncated: bool = Field(description="true when the neighbourhood read hit its cap")
    items: list[Priority]
