"""The change feed's models."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from app.common.pagination import Page


class Change(BaseModel):
    """One committed change: what changed (type) and the entity after it, or the evidence of a
    signal (data)."""

    id: str = Field(description="the change's id; webhooks send it as webhook-id")
    type: str = Field(examples=["person.updated"])
    occurred_at: AwareDatetime = Field(description="when its transaction committed")
    data: dict[str, Any]


ChangePage = Page[Change]
