from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.common.kinds import RelType, Role
from app.common.schemas import MERGE_PATCH, Day, Properties, ShortText, Strength, Strict
from app.graph.strength import StrengthSource


class WorksAt(BaseModel):
    """The typed properties of WORKS_AT; other keys are kept as free properties."""

    model_config = ConfigDict(extra="allow")

    title: ShortText | None = None
    role: Role | None = None
    department: ShortText | None = None
    since: Day | None = None
    until: Day | None = None
    current: bool | None = Field(None, description="defaults to true unless `until` is given")


WORKS_AT_FIELDS = ("title", "role", "department", "since", "until", "current")


class RelationshipCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "WORKS_AT",
                    "source_id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                    "target_id": "7d1e9a52-5b55-4c8a-a0b9-3f0f4c1b2e77",
                    "strength": 0.9,
                    "properties": {"title": "CTO", "role": "decision_maker", "current": True},
                },
                {"type": "KNOWS", "source_id": "…", "target_id": "…", "strength": 0.7},
            ]
        },
    )

    type: RelType
    source_id: str = Field(min_length=1)
    target_id: str = Field(min_length=1)
    strength: Strength | None = Field(
        None, description="0..1; omitted: the type's default (see README), marked as such"
    )
    properties: Properties = Field(default_factory=dict)


class RelationshipUpdate(Strict):
    """strength: a number sets it by hand, null returns to the type's default.
    properties: a JSON Merge Patch (RFC 7396) of the stored ones: a key set to null is removed,
    an object merges into the stored object recursively, any other value replaces; null
    removes every property."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"strength": 0.8, "properties": {"note": "golf"}}]},
    )

    strength: Strength | None = None
    properties: Properties | None = Field(None, description=MERGE_PATCH)


class Relationship(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "c1a8a1f4-3a3e-4a65-9d0e-4f55c1f0b8a2",
                    "type": "KNOWS",
                    "source_id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                    "target_id": "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50",
                    "strength": 0.62,
                    "strength_source": "interactions",
                    "properties": {},
                    "last_interaction_at": "2026-11-02T15:00:00Z",
                    "interaction_count": 7,
                    "created_at": "2026-01-10T09:00:00Z",
                    "updated_at": "2026-11-02T15:00:00Z",
                }
            ]
        }
    )

    id: str
    type: RelType
    source_id: str
    target_id: str
    strength: float = Field(description="0..1, as of now (or as of `as_of`)")
    strength_source: StrengthSource = Field(
        description="manual: set by hand; default: the type's default; interactions: "
        "logged interactions raise the type's default (or build it alone); "
        "manual+interactions: logged interactions raise a strength set by hand "
        "(docs/strength.md)"
    )
    properties: dict[str, Any] = Field(default_factory=dict)
    last_interaction_at: datetime | None = Field(
        None, description="its newest interaction (up to `as_of` when given)"
    )
    interaction_count: int = Field(0, description="its interactions (up to `as_of` when given)")
    created_at: datetime
    updated_at: datetime
