from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.common.kinds import InteractionKind
from app.common.schemas import AwareDatetime, ExternalId, Strict
from app.relationships.schemas import Relationship

MAX_PARTICIPANTS = 100  # 4 950 pairs: the most one interaction may touch

Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Sentiment = Annotated[
    float,
    Field(ge=-1.0, le=1.0, allow_inf_nan=False, strict=True, description="-1 (bad) .. 1 (good)"),
]


def _distinct(ids: list[str]) -> list[str]:
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"each participant once; repeated: {', '.join(repeated)}")
    return ids


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
    participant_ids: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=100)]],
        AfterValidator(_distinct),
    ] = Field(
        min_length=2,
        max_length=MAX_PARTICIPANTS,
        description=f"ids of the people who took part (2..{MAX_PARTICIPANTS}, distinct)",
        json_schema_extra={"uniqueItems": True},
    )
    summary: Summary | None = None
    sentiment: Sentiment | None = None
    external_id: ExternalId | None = Field(
        None, description="the client's key for this interaction, unique"
    )


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
                    "created_at": "2026-11-02T16:00:00Z",
                }
            ]
        }
    )

    id: str
    kind: InteractionKind
    occurred_at: datetime
    summary: str | None = None
    sentiment: float | None = None
    participant_count: int
    external_id: str | None = None
    participants: list[Participant]
    created_at: datetime


class InteractionLogged(Interaction):
    """The logged interaction and the KNOWS edges it strengthened (strength as of now)."""

    relationships: list[Relationship] = Field(
        description="the KNOWS edge of every pair of participants, after the update"
    )


class CoolingRelationship(Relationship):
    """A KNOWS edge that was strong and has gone quiet."""

    strength_at_last_interaction: float = Field(
        description="the strength right after its newest interaction (what it was)"
    )
    inactive_days: float = Field(description="days since its newest interaction")
