"""The change feed's models."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app.common.pagination import Page


class Change(BaseModel):
    """One committed change: what changed (type) and the entity after it, or the evidence of a
    signal (data)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "4f0a8c6e-2b7d-4e19-9a53-7c1d0e8f6b24",
                    "type": "person.updated",
                    "occurred_at": "2026-11-29T09:00:00Z",
                    "data": {
                        "person": {
                            "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                            "name": "Ada Lovelace",
                            "title": "Head of Engineering",
                        }
                    },
                }
            ]
        }
    )

    id: str = Field(description="the change's id; webhooks send it as webhook-id")
    type: str = Field(examples=["person.updated"])
    occurred_at: AwareDatetime = Field(description="when its transaction committed")
    data: dict[str, Any]


ChangePage = Page[Change]
