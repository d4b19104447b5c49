"""Watch models: a target whose warm intro path the team wants to hear about
(intro.path_opened)."""

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app.common.schemas import Strength, Strict, WholeNumber

_EXAMPLE_ID = "0b6f5f7e-3a57-4d5f-9d0f-6c1d1a4d2b11"


class WatchCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"target_id": _EXAMPLE_ID, "min_score": 0.3}]},
    )

    target_id: str = Field(
        min_length=1, max_length=200, description="a person, or a company (its current people)"
    )
    min_score: Strength = Field(
        0.0,
        description="the path opens when the team's best intro scores at least this (0: any path)",
    )
    max_hops: WholeNumber = Field(4, ge=1, le=6, description="person-to-person edges at most")


class Watch(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5f1c7f0c-8a4e-4a8e-b1a2-0f3f2a9e4c10",
                    "target_id": _EXAMPLE_ID,
                    "min_score": 0.3,
                    "max_hops": 4,
                    "open": False,
                    "score": 0.12,
                    "checked_at": "2026-11-29T09:00:00Z",
                    "opened_at": None,
                    "created_at": "2026-11-29T09:00:00Z",
                }
            ]
        }
    )

    id: str
    target_id: str
    min_score: float
    max_hops: int
    open: bool = Field(description="the team's best intro now scores at least min_score")
    score: float | None = Field(description="the best intro's score when last checked (null: none)")
    checked_at: AwareDatetime = Field(description="when the watch was last checked")
    opened_at: AwareDatetime | None = Field(description="when the path last opened")
    created_at: AwareDatetime
