from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.common.schemas import Attributes, ExternalId, Name, ShortText, Strict, Tags

Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]

_EXAMPLE: dict[str, Any] = {
    "name": "Ada Lovelace",
    "email": "ada@analytical.example",
    "title": "Head of Engineering",
    "location": "London",
    "tags": ["prospect", "fintech"],
    "is_team": False,
    "external_id": "crm-1042",
    "attributes": {"linkedin": "https://linkedin.example/ada"},
}


class PersonCreate(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    name: Name
    email: Email | None = None
    title: ShortText | None = None
    location: ShortText | None = None
    tags: Tags = Field(default_factory=list)
    is_team: bool = False
    external_id: ExternalId | None = None
    attributes: Attributes = Field(default_factory=dict)


class PersonUpdate(Strict):
    """Only the fields given change; null clears an optional field."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "CTO", "tags": ["customer"]}]}
    )

    name: Name | None = None
    email: Email | None = None
    title: ShortText | None = None
    location: ShortText | None = None
    tags: Tags | None = None
    is_team: bool | None = None
    external_id: ExternalId | None = None
    attributes: Attributes | None = None


class Person(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                    **_EXAMPLE,
                    "created_at": "2026-11-22T09:00:00Z",
                    "updated_at": "2026-11-22T09:00:00Z",
                }
            ]
        }
    )

    id: str
    name: str
    email: str | None = None
    title: str | None = None
    location: str | None = None
    tags: list[str] = Field(default_factory=list)
    is_team: bool = False
    external_id: str | None = None
    attributes: dict[str, object] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
