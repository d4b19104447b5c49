from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.common.kinds import InteractionKind
from app.common.schemas import AwareDatetime, ExternalId, Strict
from app.people.cards import PersonCard
from app.relationships.schemas import Relationship

MAX_PARTICIPANTS = 100  # 4 950 pairs: the most one interaction may touch
MAX_COMPANIES = 50

Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Sentiment = Annotated[
    float,
    Field(ge=-1.0, le=1.0, allow_inf_nan=False, strict=True, description="-1 (bad) .. 1 (good)"),
]


def _distinct(ids: list[str]) -> list[str]:
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"each id once; repeated: {', '.join(repeated)}")
    return ids


NodeId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
ParticipantIds = Annotated[
    list[NodeId],
    AfterValidator(_distinct),
    Field(
        min_length=1,
        max_length=MAX_PARTICIPANTS,
        description=f"ids of the people who took part (distinct; 2..{MAX_PARTICIPANTS}, or 1 "
        "for a `note` about one person, which joins no pair and changes no strength)",
        json_schema_extra={"uniqueItems": True},
    ),
]
CompanyIds = Annotated[
    list[NodeId],
    AfterValidator(_distinct),
    Field(
        max_length=MAX_COMPANIES,
        description="ids of the companies (accounts) the interaction was about, distinct",
        json_schema_extra={"uniqueItems": True},
    ),
]


class InteractionCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "meeting",
                    "occurred_at": "2026-11-02T15:00:00Z",
                    "participant_ids": [
                        "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                        "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50",
                    ],
                    "summary": "Quarterly review",
                    "sentiment": 0.5,
                }
            ]
        },
    )

    kind: InteractionKind
    occurred_at: AwareDatetime = Field(description="RFC 3339; at most one day in the future")
    participant_ids: ParticipantIds
    summary: Summary | None = None
    sentiment: Sentiment | None = None
    external_id: ExternalId | None = Field(
        None,
        description="the client's key for this interaction, unique. Sending it again with the "
        "same content answers the stored interaction (200) and logs nothing; with other "
        "content it is a 409",
    )
    company_ids: CompanyIds | None = Field(
        None, description="companies (accounts) the interaction was about, besides its people"
    )


class InteractionUpdate(Strict):
    """A correction: the given fields replace the stored ones, and every pair's strength is
    then what it would be had the interaction been logged that way. summary, sentiment: null
    clears them; kind, occurred_at, participant_ids: null leaves them; company_ids: null
    unties every company."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"kind": "call", "occurred_at": "2026-11-03T10:00:00Z", "sentiment": 0}]
        },
    )

    kind: InteractionKind | None = None
    occurred_at: AwareDatetime | None = Field(
        None, description="RFC 3339; at most one day in the future"
    )
    participant_ids: ParticipantIds | None = None
    summary: Summary | None = None
    sentiment: Sentiment | None = None
    company_ids: CompanyIds | None = None


class Participant(BaseModel):
    id: str
    name: str
    strength: float | None = Field(
        None,
        description="in a timeline: the KNOWS strength between the timeline's person and this "
        "participant, as of now (or `as_of`); null for the person themself or when no KNOWS "
        "edge joins them",
    )


class Interaction(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9f3c1e2a-7b6d-4c5e-8f9a-0b1c2d3e4f5a",
                    "kind": "meeting",
                    "occurred_at": "2026-11-02T15:00:00Z",
                    "summary": "Quarterly review",
                    "sentiment": 0.5,
                    "participant_count": 2,
                    "external_id": None,
                    "participants": [
                        {"id": "0b6c2f3e-…", "name": "Ada Lovelace", "strength": None},
                        {"id": "5e2d7f6a-…", "name": "Charles Babbage", "strength": 0.71},
                    ],
                    "company_ids": ["7d1e9a52-…"],
                    "created_at": "2026-11-02T16:00:00Z",
                    "updated_at": "2026-11-02T16:00:00Z",
                }
            ]
        }
    )

    id: str
    kind: InteractionKind
    occurred_at: datetime
    summary: str | None = None
    sentiment: float | None = None
    participant_count: int = Field(
        description="how many took part when it was logged or corrected: each pair's share "
        "is 1/(participant_count - 1)"
    )
    external_id: str | None = None
    participants: list[Participant]
    company_ids: list[str] = Field(
        default_factory=list, description="the companies (accounts) it is tied to"
    )
    created_at: datetime
    updated_at: datetime | None = None


class InteractionLogged(Interaction):
    """The logged interaction and the KNOWS edges it strengthened (strength as of now)."""

    relationships: list[Relationship] = Field(
        description="the KNOWS edge of every pair of participants, after the update"
    )


class InteractionCorrected(Interaction):
    """The corrected interaction and the KNOWS edges of the pairs the correction touched."""

    relationships: list[Relationship] = Field(
        description="the KNOWS edge of every pair it touched (before or after), recomputed from "
        "that pair's interactions"
    )
    removed_relationship_ids: list[str] = Field(
        default_factory=list,
        description="KNOWS edges that interactions alone had made and that lost their last "
        "interaction: deleted",
    )


class CoolingRelationship(Relationship):
    """A KNOWS edge that was strong and has gone quiet."""

    strength_at_last_interaction: float = Field(
        description="the strength right after its newest interaction (what it was)"
    )
    inactive_days: float = Field(description="days since its newest interaction")
    source: PersonCard = Field(description="the card of the person at source_id")
    target: PersonCard = Field(description="the card of the person at target_id")
